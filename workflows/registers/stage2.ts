import type { Blocker } from '../blockers';
import type { StageKey } from '../framework';
import { DerivedDeliverable, normaliseRegisters, Stage2Input, Registers } from './types';
import { blocker, derived, mandatoryBlockers, plural, present, quoteName, tally, thousands } from './util';

const STAGE: StageKey = 'population-health-and-care-needs';

/** Segments must cover at least this share of the registered population (or say why not). */
export const MIN_SEGMENT_COVERAGE_PERCENT = 90;
/** A projection must look at least this many years ahead: Wantage was criticised for none. */
export const MIN_PROJECTION_YEARS_AHEAD = 5;

export interface SegmentModelCount {
  /** The segmentation model ('' when none is named). */
  model: string;
  people: number;
}

/**
 * The people segmented, counting each person once. The segments of one model divide the
 * population, so within a model they add up; different models segment the same people again, so
 * across models the largest model's count is taken, never the sum. A model whose segments add up
 * to more than the registered population counts someone twice: it is capped at the population here
 * and refused by the gate (SEGMENTS_OVERLAP) until its counts are corrected.
 */
export function segmentedPeople(registers: Partial<Registers>, registeredPopulation?: number | null): { people: number; byModel: SegmentModelCount[] } {
  const byModel = new Map<string, number>();
  for (const s of normaliseRegisters(registers).segments) {
    const model = present(s.model) ? String(s.model).trim() : '';
    // a stored count that is not a finite number of 0 or more counts as 0, so the sum is always finite
    const n = Number(s.people);
    byModel.set(model, (byModel.get(model) ?? 0) + (Number.isFinite(n) && n >= 0 ? n : 0));
  }
  const counts = [...byModel.entries()].map(([model, people]) => ({ model, people }));
  const most = counts.reduce((m, c) => Math.max(m, c.people), 0);
  const cap = registeredPopulation && registeredPopulation > 0 ? registeredPopulation : Infinity;
  return { people: Math.min(most, cap), byModel: counts };
}

/** Segmented people (each person once, see segmentedPeople) as a percentage of the registered population; null when unknown. */
export function segmentCoveragePercent(registers: Partial<Registers>, registeredPopulation: number | null | undefined): number | null {
  if (!registeredPopulation || registeredPopulation <= 0) return null;
  return (segmentedPeople(registers, registeredPopulation).people / registeredPopulation) * 100;
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
  if (input.registeredPopulation && input.registeredPopulation > 0) {
    for (const m of segmentedPeople(r, input.registeredPopulation).byModel) {
      if (m.people <= input.registeredPopulation) continue;
      const which = m.model ? `The ${m.model} segments` : 'The segments';
      blockers.push(
        blocker(
          STAGE,
          key,
          'SEGMENTS_OVERLAP',
          `${which} add up to ${thousands(m.people)} people, ${Math.round((m.people / input.registeredPopulation) * 100)}% of the ${thousands(input.registeredPopulation)} registered population: someone is counted in more than one segment. Coverage counts each person once (capped at 100%); correct the segment counts so each person is in one segment of a model.`,
          m.model || undefined,
        ),
      );
    }
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
