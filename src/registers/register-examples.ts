import { RecordType, SCHEMAS } from '../../workflows/registers';

/**
 * One example body per register (Wantage, 2019), shown in the OpenAPI document. They are
 * valid records whose links point at each other (test/unit/registers/api-catalogue.spec.ts).
 */
export const REGISTER_EXAMPLES: Record<RecordType, Record<string, unknown>> = {
  segment: { id: 'seg-ltc', model: 'Bridges to Health', name: 'Long-term conditions', people: 9000, sharePercent: 29.9, trend: 'increasing' },
  need: { id: 'need-ltc', segmentId: 'seg-ltc', description: 'Diabetes and COPD care closer to home' },
  projection: {
    id: 'proj-2031',
    year: 2031,
    population: 38500,
    source: 'Vale of White Horse Local Plan 2031',
    assumptions: 'Housing growth at Grove Airfield and Crab Hill; the Oxfordshire growth deal',
  },
  'urgent-concern': {
    id: 'uc-access',
    what: 'GP appointment access',
    whyUrgent: 'Practice lists are growing faster than clinical staff',
    action: 'Open an extended-access hub',
    owner: 'Wantage PCN clinical director',
    status: 'in-hand',
  },
  asset: {
    id: 'asset-hospital',
    name: 'Wantage Community Hospital',
    type: 'community-hospital',
    postcode: 'OX12 9AT',
    owner: 'Oxford Health NHS FT',
    condition: 'D',
    backlogRisk: 'high',
  },
  service: {
    id: 'svc-mlu',
    name: 'Midwifery clinics',
    provider: 'Oxford University Hospitals',
    assetId: 'asset-hospital',
    when: 'Tue, Thu 09:00-17:00',
    segmentIds: ['seg-ltc'],
    annualActivity: 1200,
    funding: 'non-recurrent',
  },
  'sustainability-issue': {
    id: 'si-building',
    category: 'building-condition',
    severity: 'high',
    assetId: 'asset-hospital',
    description: 'Inpatient beds closed since 2016; the building needs major works',
  },
  'good-practice': {
    id: 'gp-clin',
    title: 'Integrated diabetes clinic',
    kind: 'clinical-good-practice',
    source: 'NICE NG28',
    evidenceOfImpact: 'HbA1c control improved in 60% of patients',
    needIds: ['need-ltc'],
    concernIds: [],
  },
  'solution-event': {
    id: 'ev-1',
    date: '2019-06-12',
    format: 'accelerated-event',
    attendees: 64,
    organisations: ['Oxford Health', 'OCCG', 'Healthwatch Oxfordshire'],
  },
  proposal: {
    id: 'prop-hub',
    title: 'Integrated care hub',
    description: 'Community nursing, diabetes and frailty clinics together at the community hospital',
    needIds: ['need-ltc'],
    concernIds: ['uc-access'],
    gapsClosed: 'Care closer to home for long-term conditions',
    localDelivery: 'partly',
    routeBeyondLocality: 'OCCG capital bid for the hospital works',
    affordabilityChallenge: 'Within the system envelope once the beds are reprovided',
    challengeOutcome: 'passed',
    preventionEffect: 'Fewer unplanned admissions for diabetes and COPD',
    status: 'active',
  },
  'not-met': { id: 'nm-1', needId: 'need-ltc', reason: 'Needs county-wide commissioning; referred to the ICS' },
};

/** An OpenAPI schema for one register's records, read from the same table as validation and CSV. */
export function recordSchema(type: RecordType): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const f of SCHEMAS[type]) {
    const property: Record<string, unknown> =
      f.type === 'list'
        ? { type: 'array', items: { type: 'string' } }
        : { type: f.type === 'number' ? (f.integer ? 'integer' : 'number') : 'string' };
    if (f.values) property.enum = [...f.values];
    if (f.min !== undefined) property.minimum = f.min;
    if (f.max !== undefined) property.maximum = f.max;
    if (f.format === 'date') property.format = 'date';
    if (f.link) property.description = f.type === 'list' ? `ids of ${f.link} records` : `id of a ${f.link} record`;
    if (!f.required && f.type !== 'list') property.nullable = true;
    if (f.name === 'id') property.description = 'Your id for the record (no ";"); generated when left out on create';
    properties[f.name] = property;
    if (f.required && f.name !== 'id') required.push(f.name);
  }
  return { type: 'object', title: type, properties, required, example: REGISTER_EXAMPLES[type] };
}
