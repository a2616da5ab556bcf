import type { Blocker } from '../blockers';
import type { StageKey } from '../framework';

/** Every blocker in this module belongs to stage 6. */
export const STAGE6: StageKey = 'development-of-options';

export { isBlank, isIsoDate } from '../validation';
export type { FieldError } from '../validation';

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
