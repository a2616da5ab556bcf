import { FieldSpec, SCHEMAS } from '../../../workflows/registers';
import { FieldMessage } from '../../common/domain-errors';
import { RegisterDefinition, registerOfType } from '../../registers/register-catalogue';
import { formErrors, FormErrors } from '../forms';

type Row = { id: string } & Record<string, unknown>;

/** "sharePercent" -> "share percent"; "segmentIds" -> "segments"; "assetId" -> "asset". */
export function fieldLabel(name: string): string {
  if (name === 'id') return 'reference';
  const base = name.endsWith('Ids') ? `${name.slice(0, -3)}s` : name.endsWith('Id') ? name.slice(0, -2) : name;
  return base.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const words = (v: string) => capitalise(v.replace(/-/g, ' '));

/** A record's value as text in a table cell. */
export function cellText(spec: FieldSpec, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'number') return spec.name === 'year' ? String(value) : value.toLocaleString('en-GB');
  return spec.values ? words(String(value)) : String(value);
}

/**
 * A register record from its form: the schema's types (numbers, lists of ids from checkboxes or
 * "a; b" text), blanks left out. The service validates it with the same rules as the API.
 */
export function recordFromForm(def: RegisterDefinition, body: Record<string, unknown>, editing: boolean): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const spec of SCHEMAS[def.type]) {
    if (spec.name === 'id' && editing) continue;
    const raw = body?.[spec.name];
    if (spec.type === 'list') {
      const items = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(spec.link ? /[;,\n]/ : /[;\n]/) : [];
      record[spec.name] = items.map((s) => s.trim()).filter(Boolean);
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : undefined;
    if (text === undefined || text === '') continue;
    if (spec.type === 'number') {
      const n = Number(text.replace(/,/g, ''));
      record[spec.name] = Number.isFinite(n) && /^-?[\d,]+(\.\d+)?$/.test(text) ? n : text;
    } else record[spec.name] = text;
  }
  return record;
}

/** The register service's field messages in the words of the form ("Enter the people", "Select a trend"). */
export function recordErrors(def: RegisterDefinition, fields: FieldMessage[]): FormErrors {
  const specs = new Map(SCHEMAS[def.type].map((s) => [s.name, s]));
  return formErrors(
    fields.map((f) => {
      const spec = specs.get(f.field);
      const label = fieldLabel(f.field || 'record');
      if (f.message === 'is required' || f.message === 'needs at least one item') {
        return { field: f.field, text: spec?.values || spec?.link ? `Select ${spec.type === 'list' ? 'at least one of the ' : 'the '}${label}` : `Enter the ${label}` };
      }
      return { field: f.field || 'id', text: `${capitalise(label)} ${f.message}` };
    }),
    { ids: Object.fromEntries(SCHEMAS[def.type].filter((s) => s.values || s.type === 'list').map((s) => [s.name, s.name])) },
  );
}

export interface FormField {
  name: string;
  label: string;
  kind: 'text' | 'number' | 'select' | 'checkboxes' | 'textarea' | 'date';
  required: boolean;
  value: string;
  options?: { value: string; text: string; selected?: boolean; checked?: boolean }[];
  hint?: string;
  error?: string;
  readonly?: boolean;
}

const LONG_TEXT = new Set(['description', 'assumptions', 'whyUrgent', 'action', 'evidenceOfImpact', 'reason', 'summary', 'what']);

/** The form's fields from the schema, filled with `values` (what was typed, or the record). */
export function recordFormFields(def: RegisterDefinition, values: Record<string, unknown>, linkTargets: Partial<Record<string, Row[]>>, errors?: FormErrors, editing = false): FormField[] {
  return SCHEMAS[def.type].map((spec) => {
    const raw = values[spec.name];
    const value = Array.isArray(raw) ? raw.join('; ') : raw === undefined || raw === null ? '' : String(raw);
    const base = { name: spec.name, label: capitalise(fieldLabel(spec.name)) + (spec.required || spec.name === 'id' ? '' : ' (optional)'), required: !!spec.required, value, error: errors?.fields[spec.name] };
    if (spec.name === 'id') {
      return { ...base, label: editing ? 'Reference' : 'Reference (optional)', kind: 'text', readonly: editing, hint: editing ? 'References cannot change' : 'Leave empty and one is made for you, or give your own, like seg-frail' };
    }
    if (spec.link) {
      const targets = linkTargets[spec.link] ?? [];
      const chosen = new Set(Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[;,]/).map((s) => s.trim()) : []);
      const options = targets.map((t) => ({ value: t.id, text: `${t.id}: ${String(t.name ?? t.title ?? t.description ?? t.what ?? '')}`.slice(0, 120) }));
      if (spec.type === 'list') return { ...base, kind: 'checkboxes', options: options.map((o) => ({ ...o, checked: chosen.has(o.value) })), hint: options.length ? undefined : `There are no ${registerOfType(spec.link).label} records yet` };
      return { ...base, kind: 'select', options: [{ value: '', text: 'None' }, ...options.map((o) => ({ ...o, selected: o.value === value }))] };
    }
    if (spec.values) return { ...base, kind: 'select', options: [{ value: '', text: 'Choose' }, ...spec.values.map((v) => ({ value: v, text: words(v), selected: v === value }))] };
    if (spec.type === 'number') return { ...base, kind: 'number', hint: spec.integer ? 'A whole number' : undefined };
    if (spec.format === 'date') return { ...base, kind: 'date', hint: 'For example, 2026-03-27' };
    if (spec.type === 'list') return { ...base, kind: 'textarea', hint: 'One per line' };
    return { ...base, kind: LONG_TEXT.has(spec.name) ? 'textarea' : 'text', hint: spec.format === 'postcode' ? 'For example, OX12 9AB' : undefined };
  });
}

/** Table columns of a register: every schema field except long free text. */
export function registerTable(def: RegisterDefinition, items: Row[]) {
  const specs = SCHEMAS[def.type];
  return {
    head: specs.map((s) => capitalise(fieldLabel(s.name))),
    rows: items.map((item) => ({ id: item.id, cells: specs.map((s) => cellText(s, item[s.name])) })),
  };
}
