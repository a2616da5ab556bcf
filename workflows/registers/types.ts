/**
 * Evidence registers of stages 2-5 as plain JSON records. Optional properties may be absent
 * or null (JSON columns and API bodies send either); every list property is always an array.
 */

export const SEGMENT_TRENDS = ['increasing', 'stable', 'decreasing', 'unknown'] as const;
export const CONCERN_STATUSES = ['open', 'in-hand', 'resolved'] as const;
export const ASSET_TYPES = [
  'gp-surgery',
  'community-hospital',
  'health-centre',
  'pharmacy',
  'council-or-community-building',
  'other',
] as const;
export const CONDITION_GRADES = ['A', 'B', 'C', 'D'] as const;
export const BACKLOG_RISKS = ['low', 'moderate', 'significant', 'high'] as const;
export const FUNDING_TYPES = ['recurrent', 'non-recurrent', 'unknown'] as const;
export const ISSUE_CATEGORIES = ['workforce', 'building-condition', 'non-recurrent-funding', 'other'] as const;
export const ISSUE_SEVERITIES = ['low', 'medium', 'high'] as const;
export const GOOD_PRACTICE_KINDS = [
  'innovation',
  'early-adopter-site',
  'clinical-good-practice',
  'local-idea',
  'wellbeing-and-prevention',
] as const;
export const EVENT_FORMATS = ['small-events', 'accelerated-event'] as const;
export const LOCAL_DELIVERY_ANSWERS = ['yes', 'partly', 'no'] as const;
export const CHALLENGE_OUTCOMES = ['pending', 'passed', 'failed'] as const;
export const PROPOSAL_STATUSES = ['active', 'withdrawn'] as const;

export type SegmentTrend = (typeof SEGMENT_TRENDS)[number];
export type ConcernStatus = (typeof CONCERN_STATUSES)[number];
export type AssetType = (typeof ASSET_TYPES)[number];
export type ConditionGrade = (typeof CONDITION_GRADES)[number];
export type BacklogRisk = (typeof BACKLOG_RISKS)[number];
export type FundingType = (typeof FUNDING_TYPES)[number];
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];
export type IssueSeverity = (typeof ISSUE_SEVERITIES)[number];
export type GoodPracticeKind = (typeof GOOD_PRACTICE_KINDS)[number];
export type EventFormat = (typeof EVENT_FORMATS)[number];
export type LocalDeliveryAnswer = (typeof LOCAL_DELIVERY_ANSWERS)[number];
export type ChallengeOutcome = (typeof CHALLENGE_OUTCOMES)[number];
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

// ---- Stage 2 ----

export interface PopulationSegment {
  id: string;
  /** Segmentation model, free text: "Bridges to Health", "Johns Hopkins ACG", ... */
  model: string;
  name: string;
  people: number;
  /** Share of the registered population as a percentage, 0..100 (not a 0..1 fraction). */
  sharePercent: number;
  trend: SegmentTrend;
}

/** A main need of a segment; its own record so good practice and proposals link to it by id. */
export interface PopulationNeed {
  id: string;
  segmentId: string;
  description: string;
}

export interface PopulationProjection {
  id: string;
  year: number;
  population: number;
  source: string;
  /** Housing growth, the growth deal, ... */
  assumptions?: string | null;
}

export interface UrgentConcern {
  id: string;
  what: string;
  whyUrgent: string;
  /** Optional so a concern can be logged before it is assigned; the gate insists on both. */
  action?: string | null;
  owner?: string | null;
  status: ConcernStatus;
}

// ---- Stage 3 ----

export interface PhysicalAsset {
  id: string;
  name: string;
  type: AssetType;
  postcode: string;
  owner: string;
  condition: ConditionGrade;
  backlogRisk: BacklogRisk;
}

/** The services delivered from an asset are the services whose assetId names it. */
export interface Service {
  id: string;
  name: string;
  /** provider, assetId and when are optional so a partial mapping can be saved; the gate insists. */
  provider?: string | null;
  assetId?: string | null;
  /** Days and hours, free text: "Mon-Fri 08:00-18:30". */
  when?: string | null;
  segmentIds: string[];
  annualActivity?: number | null;
  funding: FundingType;
}

export interface SustainabilityIssue {
  id: string;
  category: IssueCategory;
  severity: IssueSeverity;
  /** At least one of assetId and serviceId. */
  assetId?: string | null;
  serviceId?: string | null;
  description: string;
}

// ---- Stage 4 ----

export interface GoodPractice {
  id: string;
  title: string;
  kind: GoodPracticeKind;
  source: string;
  evidenceOfImpact?: string | null;
  needIds: string[];
  concernIds: string[];
}

// ---- Stage 5 ----

export interface SolutionEvent {
  id: string;
  /** YYYY-MM-DD */
  date: string;
  format: EventFormat;
  attendees: number;
  organisations: string[];
}

export interface Proposal {
  id: string;
  title: string;
  description: string;
  needIds: string[];
  concernIds: string[];
  gapsClosed?: string | null;
  /** Absent until the local-delivery test has been done. */
  localDelivery?: LocalDeliveryAnswer | null;
  /** Required (by the local-delivery-test deliverable) when localDelivery is partly or no. */
  routeBeyondLocality?: string | null;
  /** The affordability and deliverability challenge: what was asked and found. */
  affordabilityChallenge?: string | null;
  challengeOutcome: ChallengeOutcome;
  preventionEffect?: string | null;
  status: ProposalStatus;
}

/** A need or urgent concern explicitly recorded as not met (exactly one of needId, concernId). */
export interface NotMetRecord {
  id: string;
  needId?: string | null;
  concernId?: string | null;
  reason: string;
}

// ---- All registers ----

export interface Registers {
  segments: PopulationSegment[];
  needs: PopulationNeed[];
  projections: PopulationProjection[];
  urgentConcerns: UrgentConcern[];
  assets: PhysicalAsset[];
  services: Service[];
  sustainabilityIssues: SustainabilityIssue[];
  goodPractice: GoodPractice[];
  solutionEvents: SolutionEvent[];
  proposals: Proposal[];
  notMet: NotMetRecord[];
}

export const RECORD_TYPES = [
  'segment',
  'need',
  'projection',
  'urgent-concern',
  'asset',
  'service',
  'sustainability-issue',
  'good-practice',
  'solution-event',
  'proposal',
  'not-met',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** Which Registers property holds each record type. */
export const REGISTER_OF: Record<RecordType, keyof Registers> = {
  segment: 'segments',
  need: 'needs',
  projection: 'projections',
  'urgent-concern': 'urgentConcerns',
  asset: 'assets',
  service: 'services',
  'sustainability-issue': 'sustainabilityIssues',
  'good-practice': 'goodPractice',
  'solution-event': 'solutionEvents',
  proposal: 'proposals',
  'not-met': 'notMet',
};

export interface RecordOf {
  segment: PopulationSegment;
  need: PopulationNeed;
  projection: PopulationProjection;
  'urgent-concern': UrgentConcern;
  asset: PhysicalAsset;
  service: Service;
  'sustainability-issue': SustainabilityIssue;
  'good-practice': GoodPractice;
  'solution-event': SolutionEvent;
  proposal: Proposal;
  'not-met': NotMetRecord;
}

export function isRecordType(value: unknown): value is RecordType {
  return typeof value === 'string' && (RECORD_TYPES as readonly string[]).includes(value);
}

export function emptyRegisters(): Registers {
  return {
    segments: [],
    needs: [],
    projections: [],
    urgentConcerns: [],
    assets: [],
    services: [],
    sustainabilityIssues: [],
    goodPractice: [],
    solutionEvents: [],
    proposals: [],
    notMet: [],
  };
}

/** Fills absent or null registers with empty arrays (stored JSON may hold null). */
export function normaliseRegisters(registers: Partial<Registers> | null | undefined): Registers {
  const out = emptyRegisters();
  for (const key of Object.keys(out) as (keyof Registers)[]) {
    const value = registers?.[key];
    if (Array.isArray(value)) (out as unknown as Record<string, unknown[]>)[key] = value;
  }
  return out;
}

/** What the stage gates look at. Stage 2 also needs registeredPopulation and todayYear. */
export interface GateInput {
  registers: Partial<Registers>;
  /** Registered patients in the locality: the denominator of segment coverage. */
  registeredPopulation?: number | null;
  /** Why the segments cover less than 90% of the registered population, when they do. */
  coverageShortfallReason?: string | null;
  /** The current calendar year, passed in so the functions stay pure. */
  todayYear?: number | null;
}

export interface Stage2Input extends GateInput {
  registeredPopulation: number | null;
  todayYear: number;
}

export type { DerivedDeliverable } from '../gates';
export type { FieldError } from '../validation';
