/**
 * Evidence registers of stages 2-5 (population needs, services and assets, good practice,
 * proposals) and the gate rules that read them. Pure functions over plain JSON records.
 */
export * from './types';
export { SCHEMAS, csvColumns } from './schema';
export type { FieldSpec } from './schema';
export * from './validation';
export * from './links';
export * from './csv';
export { traceability } from './traceability';
export type { TraceEntry, Traceability } from './traceability';
export { stage2Deliverables, stage2GateBlockers, segmentCoveragePercent, segmentedPeople, MIN_SEGMENT_COVERAGE_PERCENT, MIN_PROJECTION_YEARS_AHEAD } from './stage2';
export { stage3Deliverables, stage3GateBlockers } from './stage3';
export { stage4Deliverables, stage4GateBlockers, GOOD_PRACTICE_DELIVERABLES, isLinkedToNeed } from './stage4';
export { stage5Deliverables, stage5GateBlockers } from './stage5';
