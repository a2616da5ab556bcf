import { SCHEMAS, FieldSpec } from './schema';
import type { FieldError, RecordType } from './types';

/** Absent in the JSON sense: the property is missing or null. */
import { isAbsent, isBlank, isIsoDate } from '../validation';

export { isAbsent, isBlank, isIsoDate };

// Outward code (A9, A99, A9A, AA9, AA99, AA9A), optional space, inward code (9AA). Case-insensitive.
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;

export function isUkPostcode(value: unknown): value is string {
  return typeof value === 'string' && POSTCODE.test(value.trim());
}

/** "ox129ab" -> "OX12 9AB". */
export function normalisePostcode(value: string): string {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

// Ids are joined with ';' in CSV list columns, so they cannot contain it.
function idProblem(value: string): string | null {
  if (value !== value.trim()) return 'must not start or end with spaces';
  if (value.includes(';')) return "must not contain ';'";
  return null;
}

function validateField(spec: FieldSpec, value: unknown): string | null {
  if (spec.type === 'list') {
    if (!Array.isArray(value)) return 'must be a list (it may be empty)';
    if (spec.required && value.length === 0) return 'needs at least one item';
    for (const item of value) {
      if (typeof item !== 'string' || item.trim() === '') return 'every item must be non-empty text';
      if (item.includes(';')) return `item "${item}" must not contain ';'`;
      if (spec.format === 'id' && idProblem(item)) return `item "${item}" ${idProblem(item)}`;
    }
    return null;
  }
  if (isAbsent(value) || (spec.type === 'string' && value === '')) {
    return spec.required ? 'is required' : null;
  }
  if (spec.type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
    if (spec.integer && !Number.isInteger(value)) return 'must be a whole number';
    if (spec.min !== undefined && value < spec.min) return `must be at least ${spec.min}`;
    if (spec.max !== undefined && value > spec.max) return `must be at most ${spec.max}`;
    return null;
  }
  if (typeof value !== 'string') return 'must be text';
  if (spec.required && value.trim() === '') return 'is required';
  if (spec.values && !spec.values.includes(value)) return `must be one of: ${spec.values.join(', ')}`;
  if (spec.format === 'id') return idProblem(value);
  if (spec.format === 'date' && !isIsoDate(value)) return 'must be a date in the form YYYY-MM-DD';
  if (spec.format === 'postcode' && !isUkPostcode(value)) return 'must be a UK postcode, e.g. OX12 9AB';
  return null;
}

// Rules that involve more than one field.
const CROSS_RULES: Partial<Record<RecordType, (r: Record<string, unknown>) => FieldError[]>> = {
  'sustainability-issue': (r) =>
    isBlank(r.assetId) && isBlank(r.serviceId)
      ? [{ field: 'assetId', message: 'give the asset or the service affected (assetId or serviceId)' }]
      : [],
  'not-met': (r) => {
    const need = !isBlank(r.needId);
    const concern = !isBlank(r.concernId);
    if (need === concern) {
      return [{ field: 'needId', message: 'give exactly one of needId and concernId' }];
    }
    return [];
  },
};

/**
 * Field-level validation of one record (API body or CSV row). Checks shape only; whether the
 * register is complete enough for its stage gate is the gates' business, so drafts can be saved.
 */
export function validateRecord(type: RecordType, value: unknown): FieldError[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ field: '', message: 'must be an object' }];
  }
  const record = value as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const spec of SCHEMAS[type]) {
    const message = validateField(spec, record[spec.name]);
    if (message) errors.push({ field: spec.name, message });
  }
  errors.push(...(CROSS_RULES[type]?.(record) ?? []));
  return errors;
}

export const validateSegment = (v: unknown) => validateRecord('segment', v);
export const validateNeed = (v: unknown) => validateRecord('need', v);
export const validateProjection = (v: unknown) => validateRecord('projection', v);
export const validateUrgentConcern = (v: unknown) => validateRecord('urgent-concern', v);
export const validateAsset = (v: unknown) => validateRecord('asset', v);
export const validateService = (v: unknown) => validateRecord('service', v);
export const validateSustainabilityIssue = (v: unknown) => validateRecord('sustainability-issue', v);
export const validateGoodPractice = (v: unknown) => validateRecord('good-practice', v);
export const validateSolutionEvent = (v: unknown) => validateRecord('solution-event', v);
export const validateProposal = (v: unknown) => validateRecord('proposal', v);
export const validateNotMet = (v: unknown) => validateRecord('not-met', v);
