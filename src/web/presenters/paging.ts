/** NHS numbered pagination for a list of `total` rows, `size` a page, on page `page` (1-based). */
export function pagination(total: number, page: number, size: number, href: (page: number) => string) {
  const pages = Math.max(1, Math.ceil(total / size));
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: Array<{ number?: number; href?: string; current?: boolean; ellipsis?: boolean }> = [];
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1] > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === page });
  });
  return {
    items,
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    pages,
  };
}

/** A 1-based page number from a query string value; anything else is page 1. */
export function pageNumber(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return n >= 1 ? n : 1;
}

/** The query string of `values` (empty ones left out). */
export function queryString(values: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (typeof v === 'string' && v !== '') params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}
