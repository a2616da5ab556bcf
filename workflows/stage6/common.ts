import type { Blocker } from '../blockers';
import type { StageKey } from '../framework';

/** Every blocker in this module belongs to stage 6. */
export const STAGE6: StageKey = 'development-of-options';

/** A problem with one input field, in the shape a form can show next to the field. */
export interface FieldError {
  field: string;
  message: string;
}

/** Stored JSON may hold null, undefined or whitespace where the types say string. */
export function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

/** Strict calendar date YYYY-MM-DD (rejects 2023-02-30, which Date would silently roll over). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function blocker(code: string, message: string, extra: Omit<Blocker, 'code' | 'message' | 'stage'> = {}): Blocker {
  return { code, message, stage: STAGE6, ...extra };
}

/** Stored arrays may come back null from a JSON column. */
export function arr<T>(value: readonly T[] | null | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

/** "£1,234,567", "-£5,000": whole pounds, for messages and documents (figures stay unrounded underneath). */
export function formatMoney(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const pounds = Math.round(value);
  const digits = String(Math.abs(pounds)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${pounds < 0 ? '-' : ''}£${digits}`;
}
