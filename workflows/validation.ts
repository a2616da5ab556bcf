/** Small checks shared by the pure rule modules. */

/** A problem with one input field, in the shape a form (or a 400 body) shows next to the field. */
export interface FieldError {
  field: string;
  message: string;
}

export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
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

/**
 * A decision date (an approval, a scrutiny consultation) cannot be after today: a decision is
 * recorded once it has been taken, never in advance. `today` is YYYY-MM-DD (UTC).
 */
export function decisionDateErrors(field: string, value: unknown, today: string, decision: string): FieldError[] {
  if (!isIsoDate(value) || value <= today) return [];
  return [{ field, message: `${field} is ${value}, after today (${today}): ${decision} can be recorded only once it has been taken` }];
}
