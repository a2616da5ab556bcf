import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  decide,
  deliverableDefinition,
  NO_GATE_FACTS,
  needsGateFacts,
  DeliverableStatus,
  EVENT,
  persist,
  StageKey,
  stageLabel,
  WorkflowCommand,
  WorkflowView,
  WINDOWS,
  invalidatedByReopening,
  stageStatuses,
  workflowEventType,
} from '../../workflows';
import { CommandRefusedError, InvalidInputError } from '../common/domain-errors';
import { assertMayWrite } from '../common/write-window';
import { Actor } from './actor';
import { DeliverableRecordEntity } from './deliverable-record.entity';
import { HistoryEntryEntity } from './history-entry.entity';
import { CommandContext, ProjectCommandService } from './project-commands.service';
import { ProjectsService } from './projects.service';

/**
 * A feature area that reacts to accepted workflow events inside the same transaction
 * (e.g. reviews open a round on SUBMIT_FOR_REVIEW and close it on APPROVE_STAGE).
 */
export interface WorkflowEventListener {
  onAccepted(ctx: CommandContext, command: WorkflowCommand): Promise<void>;
}

export interface CommandResponse {
  entry: HistoryEntryEntity;
  workflow: WorkflowView;
}

/** Workflow events and hand-recorded deliverables: the commands that move a project on. */
@Injectable()
export class WorkflowService {
  private readonly listeners: WorkflowEventListener[] = [];

  constructor(
    private readonly commands: ProjectCommandService,
    private readonly projects: ProjectsService,
  ) {}

  addListener(listener: WorkflowEventListener): void {
    this.listeners.push(listener);
  }

  async applyEvent(slug: string, command: WorkflowCommand, expectedVersion: number | undefined, actor: Actor): Promise<CommandResponse> {
    const payload: Record<string, unknown> = command.reason ? { reason: command.reason.trim() } : {};
    // a reopening is recorded as what it is: the stage and the approvals it invalidated
    const type = workflowEventType(command.type);
    return this.respond(
      await this.commands.execute(
        { slug, type, stage: command.stage ?? null, payload, expectedVersion, actor },
        async (ctx) => {
          // hold, resume and withdraw are decided on the workflow alone: no gate facts to gather
          const decision = decide(ctx.snapshot, command, needsGateFacts(command) ? await ctx.facts() : NO_GATE_FACTS);
          if (!decision.accepted) throw new CommandRefusedError(refusalMessage(command), decision.blockers);
          if (command.type === 'REOPEN_STAGE') {
            const before = stageStatuses(persist(ctx.snapshot));
            payload.invalidated = invalidatedByReopening(command.stage!, before);
            payload.previousStatuses = before;
          }
          for (const listener of this.listeners) await listener.onAccepted(ctx, command);
          return { next: decision.next, persisted: decision.persisted, result: undefined };
        },
        (accepted) => this.projects.viewOf(accepted),
      ),
    );
  }

  async updateDeliverable(
    slug: string,
    stage: StageKey,
    deliverable: string,
    change: { status: DeliverableStatus; evidence?: string },
    expectedVersion: number | undefined,
    actor: Actor,
  ): Promise<CommandResponse> {
    const definition = deliverableDefinition(stage, deliverable);
    if (!definition) {
      throw new InvalidInputError('Unknown deliverable.', [
        { field: 'deliverable', message: `"${deliverable}" is not a deliverable of ${stageLabel(stage)}` },
      ]);
    }
    if (change.status === 'not-applicable' && definition.mandatory) {
      throw new InvalidInputError('A mandatory deliverable cannot be not-applicable.', [
        { field: 'status', message: `"${definition.title}" is mandatory, so it cannot be marked not-applicable` },
      ]);
    }
    const evidence = change.evidence?.trim() || null;
    return this.respond(
      await this.commands.execute(
        { slug, type: EVENT.DELIVERABLE_UPDATED, stage, payload: { deliverable, status: change.status, evidence }, expectedVersion, actor },
        async (ctx) => {
          assertMayWrite({ snapshot: persist(ctx.snapshot), window: WINDOWS.stageWork, subject: `"${definition.title}"`, stage, deliverable, role: actor.role });
          const facts = await ctx.facts();
          if (facts.derived.some((d) => d.stage === stage && d.deliverable === deliverable)) {
            throw new CommandRefusedError(`"${definition.title}" is proven by the project's records, not ticked by hand.`, [
              { code: 'DELIVERABLE_DERIVED', message: `"${definition.title}" is worked out from the project's records; update those instead.`, stage, deliverable },
            ]);
          }
          const existing = await ctx.manager.findOne(DeliverableRecordEntity, { where: { projectId: ctx.project.id, stage, deliverable } });
          await ctx.manager.save(DeliverableRecordEntity, {
            id: existing?.id ?? randomUUID(),
            projectId: ctx.project.id,
            stage,
            deliverable,
            status: change.status,
            evidence,
            updatedAt: ctx.now,
          });
          return { result: undefined, event: { before: existing ? { status: existing.status, evidence: existing.evidence } : null } };
        },
        (accepted) => this.projects.viewOf(accepted),
      ),
    );
  }

  private respond(done: { entry: HistoryEntryEntity; view: WorkflowView }): CommandResponse {
    return { entry: done.entry, workflow: done.view };
  }
}

function refusalMessage(command: WorkflowCommand): string {
  const what = command.stage ? `${command.type} for ${stageLabel(command.stage)}` : command.type;
  return `${what} was refused: see the blockers for what is unmet.`;
}
