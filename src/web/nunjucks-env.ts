import type { Environment } from 'nunjucks';

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Filters the templates share: dates in the NHS style ("2 December 2026"), numbers with commas. */
export function configureNunjucks(env: Environment): void {
  env.addFilter('date', (value: unknown) => {
    const d = toDate(value);
    return d ? DATE.format(d) : '';
  });
  env.addFilter('dateTime', (value: unknown) => {
    const d = toDate(value);
    return d ? `${DATE_TIME.format(d)} UTC` : '';
  });
  env.addFilter('number', (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value.toLocaleString('en-GB') : value ?? ''));
  env.addFilter('plural', (count: number, one: string, many?: string) => `${count} ${count === 1 ? one : many ?? `${one}s`}`);
}
