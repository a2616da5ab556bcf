import { StageKey } from '../../workflows';
import { RecordType, recordTypeLabel } from '../../workflows/registers';

/** How a register is named in URLs, which record type it holds and which stage owns it. */
export interface RegisterDefinition {
  /** URL segment: kebab-case plural ("urgent-concerns"). */
  name: string;
  type: RecordType;
  stage: StageKey;
  /** "urgent concern": how messages name one record. */
  label: string;
  /** Prefix of server-generated ids ("uc-3f2a9c1b"). */
  idPrefix: string;
}

const r = (name: string, type: RecordType, stage: StageKey, idPrefix: string): RegisterDefinition => ({
  name,
  type,
  stage,
  label: recordTypeLabel(type),
  idPrefix,
});

const NEEDS: StageKey = 'population-health-and-care-needs';
const SERVICES: StageKey = 'review-of-services-and-assets';
const GOOD_PRACTICE: StageKey = 'innovation-and-good-practice';
const MEETING: StageKey = 'meeting-population-needs';

export const REGISTERS: readonly RegisterDefinition[] = [
  r('segments', 'segment', NEEDS, 'seg'),
  r('needs', 'need', NEEDS, 'need'),
  r('projections', 'projection', NEEDS, 'proj'),
  r('urgent-concerns', 'urgent-concern', NEEDS, 'uc'),
  r('assets', 'asset', SERVICES, 'asset'),
  r('services', 'service', SERVICES, 'svc'),
  r('sustainability-issues', 'sustainability-issue', SERVICES, 'si'),
  r('good-practice', 'good-practice', GOOD_PRACTICE, 'gp'),
  r('solution-events', 'solution-event', MEETING, 'ev'),
  r('proposals', 'proposal', MEETING, 'prop'),
  r('not-met', 'not-met', MEETING, 'nm'),
];

export const REGISTER_NAMES = REGISTERS.map((x) => x.name);

export function findRegister(name: string): RegisterDefinition | undefined {
  return REGISTERS.find((x) => x.name === name);
}

export function registerOfType(type: RecordType): RegisterDefinition {
  return REGISTERS.find((x) => x.type === type)!;
}
