import type { Blocker } from '../blockers';
import type { StageKey } from '../framework';
import { traceability } from './traceability';
import { DerivedDeliverable, GateInput, normaliseRegisters, Proposal, Registers } from './types';
import { arr, blocker, derived, mandatoryBlockers, plural, present, quoteName, tally } from './util';

const STAGE: StageKey = 'meeting-population-needs';

const active = (r: Registers): Proposal[] => r.proposals.filter((p) => p.status !== 'withdrawn');

function events(r: Registers): DerivedDeliverable {
  const key = 'solution-building-events';
  const blockers = r.solutionEvents.length
    ? []
    : [blocker(STAGE, key, 'SOLUTION_EVENT_MISSING', 'No solution-building event is recorded: hold small solution-building events or one accelerated event.')];
  let evidence = '';
  if (r.solutionEvents.length) {
    const attendees = r.solutionEvents.reduce((sum, e) => sum + (Number(e.attendees) || 0), 0);
    const organisations = new Set(r.solutionEvents.flatMap((e) => arr(e.organisations))).size;
    evidence = `${plural(r.solutionEvents.length, 'event')} (${tally(r.solutionEvents.map((e) => e.format), ['small-events', 'accelerated-event'])}); ${plural(attendees, 'attendee')} from ${plural(organisations, 'organisation')}`;
  }
  return derived(STAGE, key, evidence, blockers);
}

function proposals(r: Registers): DerivedDeliverable {
  const key = 'proposals';
  const blockers: Blocker[] = [];
  const live = active(r);
  if (!live.length) {
    blockers.push(blocker(STAGE, key, 'PROPOSALS_MISSING', 'No active proposals are recorded: draw up proposals informed by stages 2-4.'));
  }
  for (const p of live) {
    if (!arr(p.needIds).length && !arr(p.concernIds).length) {
      blockers.push(blocker(STAGE, key, 'PROPOSAL_WITHOUT_NEED', `Proposal ${quoteName(p.title, p.id)} does not address any stage 2 need or urgent concern.`, p.id));
    }
  }
  const trace = traceability(r);
  for (const e of trace.unaccounted) {
    const what = e.kind === 'need' ? `Need "${e.description}"${e.segmentName ? ` of segment "${e.segmentName}"` : ''}` : `Urgent concern "${e.description}"`;
    blockers.push(
      blocker(
        STAGE,
        key,
        e.kind === 'need' ? 'NEED_NOT_ADDRESSED' : 'URGENT_CONCERN_NOT_ADDRESSED',
        `${what} (${e.id}) is not addressed by any active proposal and is not recorded as not met.`,
        e.id,
      ),
    );
  }
  let evidence = '';
  if (r.proposals.length) {
    const needs = trace.entries.filter((e) => e.kind === 'need');
    const concerns = trace.entries.filter((e) => e.kind === 'urgent-concern');
    const withdrawn = r.proposals.length - live.length;
    evidence =
      `${plural(live.length, 'active proposal')}${withdrawn ? ` (${withdrawn} withdrawn)` : ''} addressing ` +
      `${needs.filter((e) => e.answered).length} of ${plural(needs.length, 'need')} and ` +
      `${concerns.filter((e) => e.answered).length} of ${plural(concerns.length, 'urgent concern')}; ` +
      `${trace.unanswered.filter((e) => e.notMet).length} recorded as not met`;
  }
  return derived(STAGE, key, evidence, blockers);
}

function localDelivery(r: Registers): DerivedDeliverable {
  const key = 'local-delivery-test';
  const blockers: Blocker[] = [];
  const live = active(r);
  for (const p of live) {
    if (!present(p.localDelivery)) {
      blockers.push(blocker(STAGE, key, 'LOCAL_DELIVERY_UNANSWERED', `Proposal ${quoteName(p.title, p.id)} does not say whether it can be delivered locally.`, p.id));
    } else if (p.localDelivery !== 'yes' && !present(p.routeBeyondLocality)) {
      blockers.push(
        blocker(STAGE, key, 'ROUTE_BEYOND_LOCALITY_MISSING', `Proposal ${quoteName(p.title, p.id)} cannot be fully delivered locally but gives no route beyond the locality.`, p.id),
      );
    }
  }
  const answered = live.filter((p) => present(p.localDelivery));
  const evidence = answered.length
    ? `${answered.length} of ${plural(live.length, 'active proposal')} tested: ${tally(answered.map((p) => String(p.localDelivery)), ['yes', 'partly', 'no'])}`
    : '';
  return derived(STAGE, key, evidence, blockers);
}

function affordability(r: Registers): DerivedDeliverable {
  const key = 'affordability-challenge';
  const blockers: Blocker[] = [];
  for (const p of active(r)) {
    if (p.challengeOutcome === 'failed') {
      blockers.push(
        blocker(STAGE, key, 'PROPOSAL_CHALLENGE_FAILED', `Proposal ${quoteName(p.title, p.id)} failed the affordability and deliverability challenge: revise it or mark it withdrawn.`, p.id),
      );
    } else if (p.challengeOutcome !== 'passed') {
      blockers.push(
        blocker(STAGE, key, 'PROPOSAL_CHALLENGE_PENDING', `Proposal ${quoteName(p.title, p.id)} has not yet passed the affordability and deliverability challenge.`, p.id),
      );
    }
  }
  const challenged = r.proposals.filter((p) => p.challengeOutcome !== 'pending');
  const evidence = challenged.length
    ? `${challenged.length} of ${plural(r.proposals.length, 'proposal')} challenged: ${tally(challenged.map((p) => p.challengeOutcome), ['passed', 'failed'])}`
    : '';
  return derived(STAGE, key, evidence, blockers);
}

// Every active proposal states its expected prevention effect ("none expected" is an answer),
// so the prevention impact is estimated across the whole set, not for a chosen few.
function prevention(r: Registers): DerivedDeliverable {
  const key = 'prevention-impact';
  const live = active(r);
  const blockers = live
    .filter((p) => !present(p.preventionEffect))
    .map((p) => blocker(STAGE, key, 'PREVENTION_EFFECT_MISSING', `Proposal ${quoteName(p.title, p.id)} gives no expected effect of prevention measures.`, p.id));
  const stated = live.length - blockers.length;
  const evidence = stated ? `${stated} of ${plural(live.length, 'active proposal')} estimate a prevention effect` : '';
  return derived(STAGE, key, evidence, blockers);
}

/** Stage 5 deliverables: solution-building-events, proposals, local-delivery-test, prevention-impact, affordability-challenge. */
export function stage5Deliverables(input: GateInput): DerivedDeliverable[] {
  const r = normaliseRegisters(input.registers);
  return [events(r), proposals(r), localDelivery(r), prevention(r), affordability(r)];
}

export function stage5GateBlockers(input: GateInput): Blocker[] {
  return mandatoryBlockers(stage5Deliverables(input));
}
