import { Blocker } from './blockers';
import { STAGES, StageKey, stageDefinition, stageLabel } from './framework';

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
}

export interface DeliverableView {
  key: string;
  title: string;
  mandatory: boolean;
  derived: boolean;
  status: DeliverableStatus;
  evidence: string | null;
}

export function deliverableViews(stage: StageKey, facts: GateFacts): DeliverableView[] {
  return stageDefinition(stage).deliverables.map((def) => {
    const derived = facts.derived.find((x) => x.stage === stage && x.deliverable === def.key);
    if (derived) {
      return {
        key: def.key,
        title: def.title,
        mandatory: def.mandatory,
        derived: true,
        status: derived.done ? 'done' : derived.evidence ? 'in-progress' : 'not-started',
        evidence: derived.evidence || null,
      };
    }
    const recorded = facts.recorded[stage]?.[def.key];
    return {
      key: def.key,
      title: def.title,
      mandatory: def.mandatory,
      derived: false,
      status: recorded?.status ?? 'not-started',
      evidence: recorded?.evidence ?? null,
    };
  });
}

/** Gate rule: every mandatory deliverable is done. Derived ones explain themselves. */
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
      }
      continue;
    }
    const status = facts.recorded[stage]?.[def.key]?.status ?? 'not-started';
    if (def.mandatory && status !== 'done') {
      blockers.push({
        code: 'DELIVERABLE_NOT_DONE',
        message: `"${def.title}" is ${status.replace('-', ' ')}; it must be done, with evidence, before ${stageLabel(stage)} can be submitted for review.`,
        stage,
        deliverable: def.key,
      });
    }
  }
  return blockers;
}

/** What stands between a stage in progress and its submission for review. */
export function submissionBlockers(stage: StageKey, facts: GateFacts): Blocker[] {
  return [...deliverableBlockers(stage, facts), ...(facts.extra?.[stage]?.submit ?? [])];
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
