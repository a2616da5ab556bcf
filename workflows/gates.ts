import { Blocker } from './blockers';
import { STAGES, StageKey, stageDefinition, stageLabel } from './framework';
import type { StageStatus } from './snapshot';

export type DeliverableStatus = 'not-started' | 'in-progress' | 'done' | 'not-applicable';

export interface RecordedDeliverable {
  status: DeliverableStatus;
  evidence: string | null;
}

/**
 * A deliverable proven by records (group membership, evidence registers, the business case)
 * rather than ticked by hand: it is done exactly when its blockers are empty.
 */
export interface DerivedDeliverable {
  stage: StageKey;
  deliverable: string;
  done: boolean;
  evidence: string;
  blockers: Blocker[];
}

/**
 * Everything the gate rules look at, gathered by the service from the database. Feature areas
 * (reviews, registers, business cases) add their own optional sections and rules.
 */
export interface GateFacts {
  /** Statuses recorded by hand, by stage then deliverable key; absent means not started. */
  recorded: Partial<Record<StageKey, Record<string, RecordedDeliverable>>>;
  /** Deliverables proven by records; they take precedence over anything recorded by hand. */
  derived: DerivedDeliverable[];
  /** Extra blockers contributed by feature rules, by stage and moment. */
  extra?: Partial<Record<StageKey, { submit?: Blocker[]; approve?: Blocker[] }>>;
  /**
   * The reviewing groups with how many of their members can decide (an active reviewer account);
   * absent when no reviews module contributes (then no reviewer rule applies).
   */
  reviewers?: ReadonlyArray<{ group: string; label: string; ableToDecide: number }>;
}

export interface DeliverableView {
  key: string;
  title: string;
  mandatory: boolean;
  derived: boolean;
  status: DeliverableStatus;
  evidence: string | null;
}

/**
 * Nothing of a stage is done before the stage starts (records may survive a reopening that sent
 * the stage back), and nothing is done without evidence: a deliverable proven by records with
 * blank evidence, or ticked done with blank evidence, is not done.
 */
export function deliverableViews(stage: StageKey, facts: GateFacts, stageStatus?: StageStatus): DeliverableView[] {
  const started = stageStatus !== 'not-started';
  return stageDefinition(stage).deliverables.map((def) => {
    const derived = facts.derived.find((x) => x.stage === stage && x.deliverable === def.key);
    if (derived) {
      const evidence = derived.evidence?.trim() || null;
      return {
        key: def.key,
        title: def.title,
        mandatory: def.mandatory,
        derived: true,
        status: !started || !evidence ? 'not-started' : derived.done ? 'done' : 'in-progress',
        evidence,
      };
    }
    const recorded = facts.recorded[stage]?.[def.key];
    const evidence = recorded?.evidence?.trim() || null;
    const status = recorded?.status ?? 'not-started';
    return {
      key: def.key,
      title: def.title,
      mandatory: def.mandatory,
      derived: false,
      status: !started ? 'not-started' : status === 'done' && !evidence ? 'in-progress' : status,
      evidence,
    };
  });
}

/** Gate rule: every mandatory deliverable is done, with evidence. Derived ones explain themselves. */
export function deliverableBlockers(stage: StageKey, facts: GateFacts): Blocker[] {
  const blockers: Blocker[] = [];
  for (const def of stageDefinition(stage).deliverables) {
    const derived = facts.derived.find((x) => x.stage === stage && x.deliverable === def.key);
    if (derived) {
      if (def.mandatory && !derived.done) {
        blockers.push(
          ...(derived.blockers.length
            ? derived.blockers
            : [{ code: 'DELIVERABLE_NOT_DONE', message: `"${def.title}" is not done yet.`, stage, deliverable: def.key }]),
        );
      } else if (def.mandatory && !derived.evidence?.trim()) {
        blockers.push({
          code: 'DELIVERABLE_NO_EVIDENCE',
          message: `"${def.title}" has nothing on the record to show for it: add the records it is worked out from before ${stageLabel(stage)} can be submitted for review.`,
          stage,
          deliverable: def.key,
        });
      }
      continue;
    }
    const recorded = facts.recorded[stage]?.[def.key];
    const status = recorded?.status ?? 'not-started';
    if (def.mandatory && status !== 'done') {
      blockers.push({
        code: 'DELIVERABLE_NOT_DONE',
        message: `"${def.title}" is ${status.replace('-', ' ')}; it must be done, with evidence, before ${stageLabel(stage)} can be submitted for review.`,
        stage,
        deliverable: def.key,
      });
    } else if (def.mandatory && !recorded?.evidence?.trim()) {
      blockers.push(noEvidence(stage, def.key, def.title));
    }
  }
  return blockers;
}

function noEvidence(stage: StageKey, deliverable: string, title: string): Blocker {
  return {
    code: 'DELIVERABLE_NO_EVIDENCE',
    message: `"${title}" has no evidence: say what was done and where the output is before ${stageLabel(stage)} can be submitted for review.`,
    stage,
    deliverable,
  };
}

/** What stands between a stage in progress and its submission for review. */
export function submissionBlockers(stage: StageKey, facts: GateFacts): Blocker[] {
  return [...deliverableBlockers(stage, facts), ...reviewerBlockers(stage, facts), ...(facts.extra?.[stage]?.submit ?? [])];
}

/**
 * Gate rule: a stage goes to review only when every reviewing group has someone able to decide;
 * otherwise the review could never reach its quorum and the stage would sit in review for nothing.
 */
export function reviewerBlockers(stage: StageKey, facts: GateFacts): Blocker[] {
  return (facts.reviewers ?? [])
    .filter((g) => g.ableToDecide === 0)
    .map((g) => ({
      code: 'REVIEW_NO_REVIEWER_TO_DECIDE',
      message: `Nobody in the ${g.label} can review ${stageLabel(stage)}: no member has an active reviewer account. Link a member's account before submitting it for review, or it could never be approved.`,
      stage,
      ref: g.group,
    }));
}

/** What stands between a stage in review and its approval. */
export function approvalBlockers(stage: StageKey, facts: GateFacts): Blocker[] {
  return [...(facts.extra?.[stage]?.approve ?? [])];
}

export function emptyFacts(): GateFacts {
  return { recorded: {}, derived: [] };
}

/** Which stages must be approved before a stage starts, in words. */
export function prerequisitesMessage(stage: StageKey): string {
  const order = stageDefinition(stage).order;
  if (order === 1) return `${stageLabel(stage)} starts when the project is created.`;
  if (order <= 4) return `${stageLabel(stage)} starts when stage 1 (Planning and co-design) is approved.`;
  if (order === 5) return `${stageLabel(stage)} starts when stages 2, 3 and 4 are all approved.`;
  const previous = STAGES.find((s) => s.order === order - 1)!;
  return `${stageLabel(stage)} starts when ${stageLabel(previous.key)} is approved.`;
}
