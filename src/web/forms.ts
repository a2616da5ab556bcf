import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import type { Blocker } from '../../workflows';
import { CommandRefusedError, DomainError, FieldMessage, InvalidInputError, VersionConflictError } from '../common/domain-errors';

/** An NHS error summary: one plain message per field, each linking to its field. */
export interface FormErrors {
  /** [{ text, href: '#field' }] for the error summary component */
  summary: { text: string; href: string }[];
  /** field name -> its one message, for the field's error message */
  fields: Record<string, string>;
  /** the title of the summary */
  title: string;
}

export type Coercion = 'number' | 'boolean' | 'list' | 'string';

export interface FormSpec {
  /** How each field is named in a message, lower case ("the email address", "number of people"). */
  labels: Record<string, string>;
  /** How the form's strings become the DTO's types (all fields are text in a form). */
  coerce?: Record<string, Coercion>;
  /** A message for a field left empty (default "Enter <label>"). */
  required?: Record<string, string>;
  /** The id of each field's input when it is not the field name (for the summary's links). */
  ids?: Record<string, string>;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Form fields (all strings) as the DTO's values: trimmed; an empty text is "not given" (so
 * IsOptional fields pass and required ones say they are required); numbers, booleans (checkbox
 * "true"/"on") and lists (one per line or comma) as the DTO expects them.
 */
export function formValues(raw: Record<string, unknown>, coerce: Record<string, Coercion> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (key === '_csrf' || key.startsWith('_')) continue;
    const text = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.trim() : value;
    const kind = coerce[key] ?? 'string';
    if (kind === 'list') {
      const items = (Array.isArray(text) ? text : String(text ?? '').split(/[\n,]/)).map((s) => String(s).trim()).filter(Boolean);
      out[key] = items;
    } else if (kind === 'boolean') {
      out[key] = text === 'true' || text === 'on' || text === 'yes' || (Array.isArray(text) && text.includes('true'));
    } else if (text === '' || text === undefined) {
      continue;
    } else if (kind === 'number') {
      const n = Number(text);
      out[key] = typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text.replace(/,/g, '')) ? Number(text.replace(/,/g, '')) : Number.isNaN(n) ? text : n;
    } else {
      out[key] = text;
    }
  }
  for (const [key, kind] of Object.entries(coerce)) if (kind === 'boolean' && !(key in out)) out[key] = false;
  return out;
}

function plainMessage(error: ValidationError, label: string, given: unknown, spec: FormSpec): string {
  const field = error.property;
  const constraints = error.constraints ?? {};
  if (given === undefined || (Array.isArray(given) && given.length === 0 && ('arrayNotEmpty' in constraints || 'arrayMinSize' in constraints))) {
    return spec.required?.[field] ?? `Enter ${label}`;
  }
  const kinds = Object.keys(constraints);
  if (kinds.includes('isEmail')) return `Enter ${label} in the correct format, like name@example.com`;
  if (kinds.includes('isInt')) return `${capitalise(label)} must be a whole number`;
  if (kinds.includes('isNumber')) return `${capitalise(label)} must be a number`;
  if (kinds.includes('isIn') || kinds.includes('isEnum')) return spec.required?.[field] ?? `Select ${label}`;
  if (kinds.includes('isDateString') || kinds.includes('isISO8601')) return `${capitalise(label)} must be a real date, like 2026-12-31`;
  if (kinds.includes('maxLength')) return constraints.maxLength.replace(new RegExp(`^${field}`), capitalise(label));
  const first = constraints[kinds[0]] ?? `${capitalise(label)} is not valid`;
  // class-validator's default messages start with the property name
  return first.startsWith(field) ? capitalise(label) + first.slice(field.length) : first;
}

export function formErrors(messages: { field: string; text: string }[], spec: Pick<FormSpec, 'ids'> = {}, title = 'There is a problem'): FormErrors {
  const fields: Record<string, string> = {};
  for (const m of messages) if (!(m.field in fields)) fields[m.field] = m.text; // one message per field
  return { title, fields, summary: Object.entries(fields).map(([field, text]) => ({ text, href: `#${spec.ids?.[field] ?? field}` })) };
}

/**
 * Validate a form with the API's DTO class: the same class-validator rules, so no rule is
 * written twice; the messages are reworded per field for people, one per field.
 */
export function validateForm<T extends object>(dto: new () => T, raw: Record<string, unknown>, spec: FormSpec): FormResult<T> {
  const values = formValues(raw, spec.coerce);
  const instance = plainToInstance(dto, values);
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  if (errors.length === 0) return { ok: true, value: instance };
  const messages = errors.map((e) => ({ field: e.property, text: plainMessage(e, spec.labels[e.property] ?? e.property, values[e.property], spec) }));
  return { ok: false, errors: formErrors(messages, spec) };
}

/** A domain refusal as an error summary: the engine's blockers, or the service's field messages. */
export function domainErrorSummary(
  error: DomainError,
  spec: Pick<FormSpec, 'ids' | 'labels'> = { labels: {} },
  blockerHref: (b: Blocker) => string = () => '#blockers',
): FormErrors | null {
  if (error instanceof VersionConflictError) {
    return { title: 'There is a problem', fields: {}, summary: [{ text: error.message, href: '#maincontent' }] };
  }
  if (error instanceof CommandRefusedError) {
    return {
      // the engine's blockers say what is unmet, in a programme manager's words
      title: 'This cannot be done yet: nothing was changed',
      fields: {},
      summary: error.blockers.map((b: Blocker) => ({ text: b.message, href: blockerHref(b) })),
    };
  }
  if (error instanceof InvalidInputError) {
    const fields = error.fields.length ? error.fields : [{ field: 'form', message: error.message } as FieldMessage];
    return formErrors(fields.map((f) => ({ field: f.field.split('.')[0], text: capitalise(f.message) })), spec);
  }
  if (error.kind === 'conflict' || error.kind === 'refused') {
    return { title: 'There is a problem', fields: {}, summary: [{ text: error.message, href: '#maincontent' }] };
  }
  return null;
}
