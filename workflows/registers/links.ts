import type { Blocker } from '../blockers';
import { SCHEMAS } from './schema';
import { FieldError, RecordType, RECORD_TYPES, REGISTER_OF, Registers, normaliseRegisters } from './types';

/** A record that points at another: which record, through which field. */
export interface LinkRef {
  recordType: RecordType;
  id: string;
  field: string;
}

const LABEL: Record<RecordType, string> = {
  segment: 'segment',
  need: 'need',
  projection: 'projection',
  'urgent-concern': 'urgent concern',
  asset: 'asset',
  service: 'service',
  'sustainability-issue': 'sustainability issue',
  'good-practice': 'good-practice record',
  'solution-event': 'solution-building event',
  proposal: 'proposal',
  'not-met': 'not-met record',
};

export function recordTypeLabel(type: RecordType): string {
  return LABEL[type];
}

/** The ids a field holds: none, one, or (for list fields) several. */
function idsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((x): x is string => typeof x === 'string' && x !== '');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

function recordsOf(registers: Registers, type: RecordType): { id: string }[] {
  return registers[REGISTER_OF[type]] as { id: string }[];
}

/** Every record that links to the given record: a non-empty answer means it cannot be deleted. */
export function linksTo(registers: Partial<Registers>, recordType: RecordType, id: string): LinkRef[] {
  const all = normaliseRegisters(registers);
  const found: LinkRef[] = [];
  for (const type of RECORD_TYPES) {
    const linkFields = SCHEMAS[type].filter((f) => f.link === recordType);
    if (!linkFields.length) continue;
    for (const record of recordsOf(all, type)) {
      for (const f of linkFields) {
        if (idsIn((record as unknown as Record<string, unknown>)[f.name]).includes(id)) {
          found.push({ recordType: type, id: record.id, field: f.name });
        }
      }
    }
  }
  return found;
}

/** Why a record cannot be deleted, one blocker per linking record (empty when it can). */
export function deletionBlockers(registers: Partial<Registers>, recordType: RecordType, id: string): Blocker[] {
  return linksTo(registers, recordType, id).map((link) => ({
    code: 'RECORD_IN_USE',
    message: `The ${LABEL[recordType]} ${id} cannot be deleted: the ${LABEL[link.recordType]} ${link.id} links to it (${link.field}).`,
    ref: link.id,
  }));
}

/**
 * Every link on a new or updated record must point at an existing record of the right type.
 * The record is loosely typed so it can be checked straight from a request body.
 */
export function checkLinks(registers: Partial<Registers>, recordType: RecordType, record: unknown): FieldError[] {
  return linkChecker(registers)(recordType, record);
}

/** checkLinks for many records: the id set of each linked register is built once, on first use. */
export function linkChecker(registers: Partial<Registers>): (recordType: RecordType, record: unknown) => FieldError[] {
  const all = normaliseRegisters(registers);
  const known = new Map<RecordType, Set<string>>();
  const idsOf = (type: RecordType) => {
    let ids = known.get(type);
    if (!ids) known.set(type, (ids = new Set(recordsOf(all, type).map((r) => r.id))));
    return ids;
  };
  return (recordType, record) => {
    if (typeof record !== 'object' || record === null) return [];
    const errors: FieldError[] = [];
    for (const f of SCHEMAS[recordType]) {
      if (!f.link) continue;
      const ids = idsOf(f.link);
      for (const target of idsIn((record as Record<string, unknown>)[f.name])) {
        if (!ids.has(target)) errors.push({ field: f.name, message: `no ${LABEL[f.link]} with id "${target}"` });
      }
    }
    return errors;
  };
}

/** Links anywhere in the registers that point at nothing (e.g. after a bulk import). */
export function danglingLinks(registers: Partial<Registers>): (LinkRef & { target: string })[] {
  const all = normaliseRegisters(registers);
  const out: (LinkRef & { target: string })[] = [];
  for (const type of RECORD_TYPES) {
    for (const record of recordsOf(all, type)) {
      for (const f of SCHEMAS[type]) {
        if (!f.link) continue;
        const known = new Set(recordsOf(all, f.link).map((r) => r.id));
        for (const target of idsIn((record as unknown as Record<string, unknown>)[f.name])) {
          if (!known.has(target)) out.push({ recordType: type, id: record.id, field: f.name, target });
        }
      }
    }
  }
  return out;
}
