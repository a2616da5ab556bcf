import { projectMachine, StageKey, STAGES, StageStatus, STAGE_KEYS } from '../../../workflows';
import { STAGE_STATUS } from './labels';

interface MachineNode {
  key: string;
  type: string;
  states: Record<string, MachineNode>;
}

/**
 * The stages in rows, read from the state machine: each child of `active` is a row; a parallel
 * state is a row of its regions side by side (stages 2-4). Computed once: the machine is fixed.
 */
export const STAGE_ROWS: StageKey[][] = (() => {
  const active = (projectMachine.root.states as Record<string, MachineNode>).active;
  const isStage = (key: string): key is StageKey => (STAGE_KEYS as readonly string[]).includes(key);
  return Object.values(active.states).flatMap((node) => {
    if (node.type === 'parallel') return [Object.keys(node.states).filter(isStage)];
    return isStage(node.key) ? [[node.key]] : [];
  });
})();

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const FILL: Record<StageStatus, string> = { 'not-started': '#ffffff', 'in-progress': '#e8f1fb', 'in-review': '#fff9c4', approved: '#e5f4ea' };
const STROKE: Record<StageStatus, string> = { 'not-started': '#768692', 'in-progress': '#005eb8', 'in-review': '#8a6d00', approved: '#007f3b' };

/**
 * The six stages as an SVG: rows from the machine, each box with its stage number, title and
 * status in words (never colour alone); the live position (stages in progress or in review)
 * drawn with a thick border and marked "Current".
 */
export function stageDiagramSvg(statuses: Record<StageKey, StageStatus>, projectStatus: string, linkOf?: (stage: StageKey) => string): string {
  const W = 720;
  const boxH = 104;
  const gapY = 36;
  const gapX = 16;
  const parts: string[] = [];
  const centres: Array<Array<{ x: number; y: number; w: number }>> = [];
  STAGE_ROWS.forEach((row, r) => {
    const w = row.length === 1 ? 320 : (W - gapX * (row.length - 1)) / row.length;
    const total = w * row.length + gapX * (row.length - 1);
    const y = r * (boxH + gapY) + 4;
    const boxes: Array<{ x: number; y: number; w: number }> = [];
    row.forEach((stage, i) => {
      const x = (W - total) / 2 + i * (w + gapX);
      boxes.push({ x, y, w });
      const def = STAGES.find((s) => s.key === stage)!;
      const status = statuses[stage];
      const current = projectStatus !== 'completed' && projectStatus !== 'withdrawn' && (status === 'in-progress' || status === 'in-review');
      const lines = wrap(def.title, w > 300 ? 36 : 24).slice(0, 2);
      const label = `Stage ${def.order}${current ? ' (current)' : ''}`;
      const box = [
        `<rect x="${x}" y="${y}" width="${w}" height="${boxH}" rx="6" fill="${FILL[status]}" stroke="${current ? '#212b32' : STROKE[status]}" stroke-width="${current ? 4 : 2}"${status === 'not-started' ? ' stroke-dasharray="6 4"' : ''}/>`,
        `<text x="${x + 12}" y="${y + 24}" font-size="15" font-weight="bold" fill="#212b32">${esc(label)}</text>`,
        ...lines.map((l, j) => `<text x="${x + 12}" y="${y + 46 + j * 19}" font-size="15" fill="#212b32">${esc(l)}</text>`),
        `<text x="${x + 12}" y="${y + boxH - 12}" font-size="14" font-weight="bold" fill="${STROKE[status] === '#768692' ? '#4c6272' : STROKE[status]}">${status === 'approved' ? '✓ ' : ''}${esc(STAGE_STATUS[status].text)}</text>`,
      ].join('');
      const name = `Stage ${def.order}: ${def.title}, ${STAGE_STATUS[status].text.toLowerCase()}${current ? ', current' : ''}`;
      parts.push(linkOf ? `<a href="${esc(linkOf(stage))}" aria-label="${esc(name)}">${box}</a>` : box);
    });
    centres.push(boxes);
  });
  // arrows from every box of a row to every box of the next
  const arrows: string[] = [];
  for (let r = 0; r + 1 < centres.length; r++) {
    for (const a of centres[r]) {
      for (const b of centres[r + 1]) {
        const x1 = a.x + a.w / 2;
        const x2 = b.x + b.w / 2;
        arrows.push(`<line x1="${x1}" y1="${a.y + boxH}" x2="${x2}" y2="${b.y - 4}" stroke="#4c6272" stroke-width="2" marker-end="url(#arrow)"/>`);
      }
    }
  }
  const height = STAGE_ROWS.length * (boxH + gapY) - gapY + 8;
  const desc = STAGE_ROWS.flat()
    .map((k) => {
      const def = STAGES.find((s) => s.key === k)!;
      return `Stage ${def.order}, ${def.title}: ${STAGE_STATUS[statuses[k]].text.toLowerCase()}.`;
    })
    .join(' ');
  return [
    `<svg class="app-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="-6 -2 ${W + 12} ${height + 4}" width="${W + 12}" height="${height + 4}" ${linkOf ? 'role="group" aria-labelledby="stage-diagram-title" aria-describedby="stage-diagram-desc"' : 'role="img" aria-labelledby="stage-diagram-title stage-diagram-desc"'}>`,
    `<title id="stage-diagram-title">The six stages of the project</title>`,
    `<desc id="stage-diagram-desc">Stage 1 comes first; stages 2, 3 and 4 run side by side; then stage 5 and stage 6. ${esc(desc)}</desc>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#4c6272"/></marker></defs>`,
    ...arrows,
    ...parts,
    `</svg>`,
  ].join('');
}
