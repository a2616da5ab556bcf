import type { Blocker } from '../blockers';
import type { StageKey } from '../framework';
import { DerivedDeliverable, normaliseRegisters, Stage2Input, Registers } from './types';
import { blocker, derived, mandatoryBlockers, plural, present, quoteName, tally, thousands } from './util';

const STAGE: StageKey = 'population-health-and-care-needs';

/** Segments must cover at least this share of the registered population (or say why not). */
export const MIN_SEGMENT_COVERAGE_PERCENT = 90;
/** A projection must look at least this many years ahead: Wantage was criticised for none. */
export const MIN_PROJECTION_YEARS_AHEAD = 5;

/** Sum of segment people as a percentage of the registered population; null when unknown. */
/** People in the segments; a stored count that is not a finite number of 0 or more counts as 0, so the sum is always finite. */
export function segmentedPeople(registers: Partial<Registers>): number {
  return normaliseRegisters(registers).segments.reduce((sum, s) => {
    const n = Number(s.people);
    return sum + (Number.isFinite(n) && n >= 0 ? n : 0);
  }, 0);
}

export function segmentCoveragePercent(registers: Partial<Registers>, registeredPopulation: number | null | undefined): number | null {
  if (!registeredPopulation || registeredPopulation <= 0) return null;
  const people = segmentedPeople(registers);
  return (people / registeredPopulation) * 100;
}

function segmentation(input: Stage2Input, r: Registers): DerivedDeliverable {
  const key = 'population-segmentation';
  const blockers: Blocker[] = [];
  const coverage = segmentCoveragePercent(r, input.registeredPopulation);
  const reason = present(input.coverageShortfallReason) ? String(input.coverageShortfallReason).trim() : null;
  if (!r.segments.length) {
    blockers.push(blocker(STAGE, key, 'SEGMENTS_MISSING', 'No population segments are recorded: segment the registered population by need, trend and change.'));
  }
  if (coverage === null) {
    blockers.push(blocker(STAGE, key, 'REGISTERED_POPULATION_MISSING', 'The registered population of the locality is not recorded, so segment coverage cannot be checked.'));
  } else if (r.segments.length && coverage < MIN_SEGMENT_COVERAGE_PERCENT && !reason) {
    blockers.push(
      blocker(
        STAGE,
        key,
        'SEGMENT_COVERAGE_LOW',
        `The segments cover ${Math.floor(coverage)}% of the ${thousands(input.registeredPopulation!)} registered population; they must cover at least ${MIN_SEGMENT_COVERAGE_PERCENT}%, or record why not.`,
      ),
    );
  }
  // Segmenting "by need" means each segment names its main needs; stage 5 must answer each one.
  for (const s of r.segments) {
    if (!r.needs.some((n) => n.segmentId === s.id)) {
      blockers.push(blocker(STAGE, key, 'SEGMENT_WITHOUT_NEED', `Segment ${quoteName(s.name, s.id)} has no main need recorded.`, s.id));
    }
  }
  let evidence = '';
  if (r.segments.length) {
    const models = [...new Set(r.segments.map((s) => s.model).filter(present))].join(', ');
    evidence = `${plural(r.segments.length, 'segment')}${models ? ` (${models})` : ''}`;
    if (coverage !== null) evidence += ` covering ${Math.floor(coverage)}% of ${thousands(input.registeredPopulation!)} registered`;
    evidence += `; ${plural(r.needs.length, 'main need')}`;
    if (coverage !== null && coverage < MIN_SEGMENT_COVERAGE_PERCENT && reason) evidence += `; below ${MIN_SEGMENT_COVERAGE_PERCENT}% because: ${reason}`;
  }
  return derived(STAGE, key, evidence, blockers);
}

function urgentConcerns(r: Registers): DerivedDeliverable {
  const key = 'urgent-concerns';
  const blockers: Blocker[] = [];
  for (const c of r.urgentConcerns) {
    if (!present(c.owner)) {
      blockers.push(blocker(STAGE, key, 'URGENT_CONCERN_WITHOUT_OWNER', `Urgent concern ${quoteName(c.what, c.id)} has no owner.`, c.id));
    }
    if (!present(c.action)) {
      blockers.push(blocker(STAGE, key, 'URGENT_CONCERN_WITHOUT_ACTION', `Urgent concern ${quoteName(c.what, c.id)} has no action.`, c.id));
    }
  }
  const evidence = r.urgentConcerns.length
    ? `${plural(r.urgentConcerns.length, 'urgent concern')} (${tally(r.urgentConcerns.map((c) => c.status), ['open', 'in-hand', 'resolved'])})`
    : 'No urgent concerns recorded';
  return derived(STAGE, key, evidence, blockers);
}

function futureModelling(input: Stage2Input, r: Registers): DerivedDeliverable {
  const key = 'future-population-modelling';
  const horizon = input.todayYear + MIN_PROJECTION_YEARS_AHEAD;
  const qualifying = r.projections.filter((p) => Number(p.year) >= horizon && present(p.source));
  const blockers: Blocker[] = qualifying.length
    ? []
    : [
        blocker(
          STAGE,
          key,
          'PROJECTION_MISSING',
          `No population projection with a source looks ${MIN_PROJECTION_YEARS_AHEAD} or more years ahead (to ${horizon} or later): model future need, not only current need.`,
        ),
      ];
  let evidence = '';
  if (r.projections.length) {
    const furthest = [...r.projections].sort((a, b) => b.year - a.year)[0];
    evidence = `${plural(r.projections.length, 'projection')}; furthest ${furthest.year}: ${thousands(furthest.population)}${present(furthest.source) ? ` (${furthest.source})` : ''}`;
  }
  return derived(STAGE, key, evidence, blockers);
}

/** Stage 2 deliverables the registers prove: population-segmentation, urgent-concerns, future-population-modelling. */
export function stage2Deliverables(input: Stage2Input): DerivedDeliverable[] {
  const r = normaliseRegisters(input.registers);
  return [segmentation(input, r), urgentConcerns(r), futureModelling(input, r)];
}

export function stage2GateBlockers(input: Stage2Input): Blocker[] {
  return mandatoryBlockers(stage2Deliverables(input));
}
