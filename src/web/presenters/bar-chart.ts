/**
 * A horizontal bar chart as server-rendered SVG. Every bar carries its label and its value as
 * text, and bars below zero are hatched as well as coloured, so nothing is told by colour alone.
 * The data is also given as a table on the page; the SVG has a title for screen readers.
 */
export interface Bar {
  label: string;
  value: number;
  /** the text written at the bar's end, e.g. "£1,234" */
  text: string;
  kind?: 'cost' | 'benefit' | 'net';
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const FILL: Record<NonNullable<Bar['kind']>, string> = { cost: '#ae2573', benefit: '#007f3b', net: '#005eb8' };

let chartCounter = 0;

export function barChartSvg(title: string, bars: readonly Bar[], options: { id?: string } = {}): string {
  const id = options.id ?? `chart-${++chartCounter}`;
  const W = 720;
  const labelW = 260;
  const valueW = 110;
  const barH = 26;
  const gap = 12;
  const top = 8;
  const plotW = W - labelW - valueW;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const min = Math.min(0, ...bars.map((b) => b.value));
  const span = max - min || 1;
  const x = (v: number) => labelW + ((v - min) / span) * plotW;
  const zero = x(0);
  const H = top + bars.length * (barH + gap) + 4;
  const rows = bars.map((b, i) => {
    const y = top + i * (barH + gap);
    const x0 = Math.min(zero, x(b.value));
    const w = Math.max(1, Math.abs(x(b.value) - zero));
    const negative = b.value < 0;
    const fill = FILL[b.kind ?? 'net'];
    const textX = negative ? Math.max(labelW + 4, x0) : x0 + w + 6;
    // a negative value's text sits in the label column's end so it never overlaps the bar
    const valueText = negative
      ? `<text x="${W - 4}" y="${y + barH / 2 + 5}" font-size="14" text-anchor="end" fill="#212b32">${esc(b.text)}</text>`
      : `<text x="${Math.min(textX, W - valueW + 6)}" y="${y + barH / 2 + 5}" font-size="14" fill="#212b32">${esc(b.text)}</text>`;
    return [
      `<text x="${labelW - 10}" y="${y + barH / 2 + 5}" font-size="14" text-anchor="end" fill="#212b32">${esc(b.label)}</text>`,
      `<rect x="${x0.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${fill}"/>`,
      negative ? `<rect x="${x0.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="url(#${id}-hatch)"/>` : '',
      valueText,
    ].join('');
  });
  return [
    `<svg class="app-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${id}-title" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${id}-title">${esc(title)}</title>`,
    `<defs><pattern id="${id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="8" fill="#ffffff" fill-opacity="0.6"/></pattern></defs>`,
    ...rows,
    `<line x1="${zero.toFixed(1)}" y1="${top - 4}" x2="${zero.toFixed(1)}" y2="${H - 2}" stroke="#212b32" stroke-width="2"/>`,
    '</svg>',
  ].join('');
}
