import * as T from './types';
import type { RecordType } from './types';

/**
 * One table describes every register: field-level validation, link integrity and the CSV
 * columns (column name = field name, in this order) all read it, so they cannot drift apart.
 */
export interface FieldSpec {
  name: string;
  type: 'string' | 'number' | 'list';
  /** string: present and not blank; number: present; list: at least one item. */
  required?: boolean;
  values?: readonly string[];
  integer?: boolean;
  /** Every number has both bounds (docs/registers.md lists them): no 1e308, no Infinity in sums. */
  min?: number;
  max?: number;
  format?: 'id' | 'date' | 'postcode';
  /** The field holds the id (or, for a list, ids) of a record of this type. */
  link?: RecordType;
}

const id: FieldSpec = { name: 'id', type: 'string', required: true, format: 'id' };
const text = (name: string, required = true): FieldSpec => ({ name, type: 'string', required });
const choice = (name: string, values: readonly string[], required = true): FieldSpec => ({
  name,
  type: 'string',
  required,
  values,
});
const ref = (name: string, link: RecordType, required = false): FieldSpec => ({
  name,
  type: 'string',
  required,
  format: 'id',
  link,
});
const refs = (name: string, link: RecordType): FieldSpec => ({ name, type: 'list', format: 'id', link });
/** The largest registered population a project takes (CreateProjectDto.registeredPopulation). */
export const MAX_PEOPLE = 10_000_000;
const count = (name: string, max: number, required = true): FieldSpec => ({ name, type: 'number', required, integer: true, min: 0, max });

export const SCHEMAS: Record<RecordType, readonly FieldSpec[]> = {
  segment: [
    id,
    text('model'),
    text('name'),
    count('people', MAX_PEOPLE),
    { name: 'sharePercent', type: 'number', required: true, min: 0, max: 100 },
    choice('trend', T.SEGMENT_TRENDS),
  ],
  need: [id, ref('segmentId', 'segment', true), text('description')],
  projection: [
    id,
    { name: 'year', type: 'number', required: true, integer: true, min: 1900, max: 2200 },
    count('population', MAX_PEOPLE),
    text('source'),
    text('assumptions', false),
  ],
  'urgent-concern': [
    id,
    text('what'),
    text('whyUrgent'),
    text('action', false),
    text('owner', false),
    choice('status', T.CONCERN_STATUSES),
  ],
  asset: [
    id,
    text('name'),
    choice('type', T.ASSET_TYPES),
    { name: 'postcode', type: 'string', required: true, format: 'postcode' },
    text('owner'),
    choice('condition', T.CONDITION_GRADES),
    choice('backlogRisk', T.BACKLOG_RISKS),
  ],
  service: [
    id,
    text('name'),
    text('provider', false),
    ref('assetId', 'asset'),
    text('when', false),
    refs('segmentIds', 'segment'),
    count('annualActivity', 100_000_000, false),
    choice('funding', T.FUNDING_TYPES),
  ],
  'sustainability-issue': [
    id,
    choice('category', T.ISSUE_CATEGORIES),
    choice('severity', T.ISSUE_SEVERITIES),
    ref('assetId', 'asset'),
    ref('serviceId', 'service'),
    text('description'),
  ],
  'good-practice': [
    id,
    text('title'),
    choice('kind', T.GOOD_PRACTICE_KINDS),
    text('source'),
    text('evidenceOfImpact', false),
    refs('needIds', 'need'),
    refs('concernIds', 'urgent-concern'),
  ],
  'solution-event': [
    id,
    { name: 'date', type: 'string', required: true, format: 'date' },
    choice('format', T.EVENT_FORMATS),
    count('attendees', 100_000),
    { name: 'organisations', type: 'list' },
  ],
  proposal: [
    id,
    text('title'),
    text('description'),
    refs('needIds', 'need'),
    refs('concernIds', 'urgent-concern'),
    text('gapsClosed', false),
    choice('localDelivery', T.LOCAL_DELIVERY_ANSWERS, false),
    text('routeBeyondLocality', false),
    text('affordabilityChallenge', false),
    choice('challengeOutcome', T.CHALLENGE_OUTCOMES),
    text('preventionEffect', false),
    choice('status', T.PROPOSAL_STATUSES),
  ],
  'not-met': [id, ref('needId', 'need'), ref('concernId', 'urgent-concern'), text('reason')],
};

/** CSV header of a register, in column order. */
export function csvColumns(type: RecordType): string[] {
  return SCHEMAS[type].map((f) => f.name);
}
