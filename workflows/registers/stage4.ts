import type { Blocker } from '../blockers';
import type { StageKey } from '../framework';
import { DerivedDeliverable, GateInput, GoodPractice, GoodPracticeKind, normaliseRegisters } from './types';
import { arr, blocker, derived, mandatoryBlockers, plural, quoteName, tally } from './util';

const STAGE: StageKey = 'innovation-and-good-practice';

/** Which good-practice kinds satisfy each stage 4 deliverable. */
export const GOOD_PRACTICE_DELIVERABLES: readonly { deliverable: string; kinds: readonly GoodPracticeKind[]; what: string }[] = [
  { deliverable: 'innovative-approaches', kinds: ['innovation', 'early-adopter-site'], what: 'innovative approach or early-adopter site' },
  { deliverable: 'clinical-good-practice', kinds: ['clinical-good-practice'], what: 'clinical good practice' },
  { deliverable: 'local-delivery-views', kinds: ['local-idea'], what: 'local idea from those delivering services' },
  { deliverable: 'wellbeing-and-prevention', kinds: ['wellbeing-and-prevention'], what: 'wellbeing and prevention initiative' },
];

export function isLinkedToNeed(g: Pick<GoodPractice, 'needIds' | 'concernIds'>): boolean {
  return arr(g.needIds).length + arr(g.concernIds).length > 0;
}

/** Stage 4 deliverables, each needing at least one record of its kind linked to a stage 2 need. */
export function stage4Deliverables(input: GateInput): DerivedDeliverable[] {
  const r = normaliseRegisters(input.registers);
  return GOOD_PRACTICE_DELIVERABLES.map(({ deliverable, kinds, what }) => {
    const records = r.goodPractice.filter((g) => kinds.includes(g.kind));
    const linked = records.filter(isLinkedToNeed);
    const blockers: Blocker[] = [];
    if (!records.length) {
      blockers.push(blocker(STAGE, deliverable, 'GOOD_PRACTICE_MISSING', `No ${what} is recorded (kind ${kinds.join(' or ')}).`));
    } else if (!linked.length) {
      for (const g of records) {
        blockers.push(
          blocker(STAGE, deliverable, 'GOOD_PRACTICE_NOT_LINKED', `${quoteName(g.title, g.id)} is not linked to any stage 2 need or urgent concern.`, g.id),
        );
      }
    }
    const evidence = records.length
      ? `${plural(records.length, 'record')}${kinds.length > 1 ? ` (${tally(records.map((g) => g.kind), kinds)})` : ''}; ${linked.length} linked to needs`
      : '';
    return derived(STAGE, deliverable, evidence, blockers);
  });
}

export function stage4GateBlockers(input: GateInput): Blocker[] {
  return mandatoryBlockers(stage4Deliverables(input));
}
