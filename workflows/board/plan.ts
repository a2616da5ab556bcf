import { isIsoDate } from '../validation';
import type { FieldError } from '../validation';

/** Target dates outside these years are typing mistakes, not plans. */
export const PLAN_DATE_RANGE = { from: '2000-01-01', to: '2099-12-31' } as const;

/** A stage plan's target date: a real calendar date YYYY-MM-DD in range, or null to clear it. */
export function validateTargetDate(value: unknown): FieldError[] {
  if (value === null) return [];
  if (value === undefined) return [{ field: 'targetDate', message: 'targetDate is required: a date YYYY-MM-DD, or null to clear the plan' }];
  if (!isIsoDate(value)) return [{ field: 'targetDate', message: 'targetDate must be a real calendar date written YYYY-MM-DD (e.g. 2026-03-31), or null' }];
  if (value < PLAN_DATE_RANGE.from || value > PLAN_DATE_RANGE.to) {
    return [{ field: 'targetDate', message: `targetDate must be between ${PLAN_DATE_RANGE.from} and ${PLAN_DATE_RANGE.to}` }];
  }
  return [];
}
