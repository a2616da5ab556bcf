import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  BOARD_DECISION_FIELDS,
  BoardDecision,
  boardBusinessCaseChange,
  boardDecisionErrors,
  BoardDecisionTarget,
  canonicalJson,
  EVENT,
  SavedBoardDecision,
  stageLabel,
  StageKey,
  WINDOWS,
} from '../../workflows';
import { STAGE6 } from '../../workflows/stage6/common';
import { Clock } from '../common/clock';
import { CommandRefusedError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { assertMayWrite } from '../common/write-window';
import { TransactionRunner } from '../database/transaction-runner';
import { Stage6Repository } from '../development-of-options/stage6.repository';
import { Actor } from '../projects/actor';
import { HistoryEntryEntity } from '../projects/history-entry.entity';
import { ProjectCommandService } from '../projects/project-commands.service';
import { ProjectEntity } from '../projects/project.entity';
import { BoardDecisionEntity } from './board-decision.entity';
import { nextPosition } from './discussion.service';

export interface BoardDecisionBody {
  decision: unknown;
  meetingDate: unknown;
  minuteReference: unknown;
  note?: unknown;
  expectedVersion?: number;
}

/** A board decision as the API and the pages show it. */
export interface BoardDecisionView {
  id: string;
  target: BoardDecisionTarget;
  stage: StageKey;
  stageLabel: string;
  decision: BoardDecision;
  meetingDate: string;
  minuteReference: string;
  note: string | null;
  decidedBy: { id: string; name: string };
  recordedAt: string;
}

/**
 * The board's own decisions on a stage or the business case, recorded by a board member (or an
 * admin) with the meeting date and minute reference. A business-case approval is the only way a
 * case becomes approved: the same command saves the five cases approved by the board.
 */
@Injectable()
export class BoardDecisionsService {
  constructor(
    private readonly commands: ProjectCommandService,
    private readonly transactions: TransactionRunner,
    private readonly stage6: Stage6Repository,
    private readonly clock: Clock,
  ) {}

  async list(slug: string): Promise<{ items: BoardDecisionView[] }> {
    return this.transactions.read(async (manager) => {
      const project = await manager.findOne(ProjectEntity, { where: { slug }, select: { id: true } });
      if (!project) throw new NotFoundError('Project', slug);
      const rows = await manager.find(BoardDecisionEntity, { where: { projectId: project.id }, order: { position: 'ASC' } });
      return { items: rows.map(decisionView) };
    });
  }

  async record(slug: string, target: BoardDecisionTarget, stage: StageKey, body: BoardDecisionBody, actor: Actor): Promise<{ decision: BoardDecisionView; entry: HistoryEntryEntity }> {
    const errors = boardDecisionErrors(body, this.clock.now());
    if (errors.length > 0) {
      const future = errors.find((e) => e.field === 'meetingDate' && e.message.includes('is after today'));
      throw new InvalidInputError(future ? 'The meeting date is in the future.' : "The board's decision is not complete: see the fields.", errors);
    }
    const fields = {
      target,
      decision: body.decision as BoardDecision,
      meetingDate: body.meetingDate as string,
      minuteReference: (body.minuteReference as string).trim(),
      note: typeof body.note === 'string' && body.note.trim() !== '' ? body.note.trim() : null,
    };
    const subject = target === 'business-case' ? "The board's decision on the business case" : `The board's decision on ${stageLabel(stage)}`;
    const done = await this.commands.execute(
      { slug, type: EVENT.BOARD_DECISION_RECORDED, stage, payload: { ...fields }, expectedVersion: body.expectedVersion, actor },
      async (ctx) => {
        assertMayWrite({
          snapshot: ctx.project.snapshot,
          window: target === 'business-case' ? WINDOWS.boardBusinessCaseDecision : WINDOWS.boardStageDecision,
          subject,
          stage,
          role: ctx.actor.role,
        });
        const row: BoardDecisionEntity = { id: randomUUID(), projectId: ctx.project.id, position: await nextPosition(ctx.manager, BoardDecisionEntity, ctx.project.id), stage, ...fields, decidedById: actor.id ?? '', decidedByName: actor.name, recordedAt: ctx.now };
        let businessCase: { before: unknown; after: unknown } | undefined;
        if (target === 'business-case') {
          const records = await this.stage6.load(ctx.manager, ctx.project.id);
          const before = (await this.stage6.businessCase(ctx.manager, ctx.project.id)).data;
          const change = boardBusinessCaseChange(before, row, records);
          if (!change.ok) throw new CommandRefusedError('The board cannot approve the business case yet: see the blockers for the cases still to complete.', change.blockers);
          if (canonicalJson(change.businessCase) !== canonicalJson(before)) {
            await this.stage6.saveBusinessCase(ctx.manager, ctx.project.id, { data: change.businessCase }, ctx.now);
            businessCase = { before, after: change.businessCase };
          }
        }
        await ctx.manager.insert(BoardDecisionEntity, row as QueryDeepPartialEntity<BoardDecisionEntity>);
        return { result: row, event: { record: savedDecision(row), ...(businessCase && { businessCase }) } };
      },
    );
    return { decision: decisionView(done.result), entry: done.entry };
  }

  /** The business case's own stage. */
  static readonly businessCaseStage: StageKey = STAGE6;
}

export function savedDecision(row: BoardDecisionEntity): SavedBoardDecision {
  return Object.fromEntries(BOARD_DECISION_FIELDS.map((f) => [f, f === 'position' ? Number(row[f]) : (row[f] ?? null)])) as unknown as SavedBoardDecision;
}

export function decisionView(row: BoardDecisionEntity): BoardDecisionView {
  return {
    id: row.id,
    target: row.target,
    stage: row.stage,
    stageLabel: stageLabel(row.stage),
    decision: row.decision,
    meetingDate: row.meetingDate,
    minuteReference: row.minuteReference,
    note: row.note ?? null,
    decidedBy: { id: row.decidedById, name: row.decidedByName },
    recordedAt: row.recordedAt,
  };
}
