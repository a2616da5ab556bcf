import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { persist, reviewerChangeBlockers, WINDOWS, writeWindowBlockers, EVENT, SavedGroupMember } from '../../workflows';
import { GROUP_LABELS, GROUP_STAGE, groupDerivedDeliverables, GroupKey, REVIEW_GROUPS, validateMember } from '../../workflows/people';
import { UserEntity } from '../auth/user.entity';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { refuseIfAny } from '../common/write-window';
import { TransactionRunner } from '../database/transaction-runner';
import { Actor } from '../projects/actor';
import { CommandContext, ProjectCommandService } from '../projects/project-commands.service';
import { ProjectEntity } from '../projects/project.entity';
import { ProjectsService } from '../projects/projects.service';
import { AddGroupMemberDto, UpdateGroupMemberDto } from './dto/group-member.dto';
import { GroupMemberEntity } from './group-member.entity';
import { PeopleRepository } from './people.repository';

export interface MemberView {
  id: string;
  group: GroupKey;
  name: string;
  organisation: string;
  organisationType: string;
  roleInGroup: string;
  isLead: boolean;
  userId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The member as saved, for the history (the row without its project id). */
const saved = (m: GroupMemberEntity): SavedGroupMember => view(m);

const view = (m: GroupMemberEntity): MemberView => ({
  id: m.id,
  group: m.group,
  name: m.name,
  organisation: m.organisation,
  organisationType: m.organisationType,
  roleInGroup: m.roleInGroup,
  isLead: m.isLead,
  userId: m.userId,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});

/**
 * The three stage-1 groups. Every change is a project command (a history entry with its actor);
 * whether each group meets its rule is worked out by workflows/people, never stored.
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly commands: ProjectCommandService,
    private readonly projects: ProjectsService,
    private readonly people: PeopleRepository,
  ) {}

  async list(slug: string, group: GroupKey) {
    return this.transactions.read(async (manager) => {
      const project = await manager.findOne(ProjectEntity, { where: { slug } });
      if (!project) throw new NotFoundError('Project', slug);
      const rows = await this.people.members(manager, project.id);
      const rule = groupDerivedDeliverables(this.people.byGroup(rows)).find((d) => d.deliverable === group)!;
      return {
        group,
        label: GROUP_LABELS[group],
        members: rows.filter((m) => m.group === group).map(view),
        rule: { met: rule.done, evidence: rule.evidence, blockers: rule.blockers },
      };
    });
  }

  /** `createAccount`, when given, makes the member's account in the same command (an accepted invitation) and answers its id. */
  async add(slug: string, group: GroupKey, dto: AddGroupMemberDto, actor: Actor, createAccount?: (manager: EntityManager) => Promise<string>) {
    const { expectedVersion } = dto;
    const id = randomUUID();
    const fields = {
      name: dto.name.trim(),
      organisation: dto.organisation.trim(),
      organisationType: dto.organisationType,
      roleInGroup: dto.roleInGroup.trim(),
      isLead: dto.isLead ?? false,
      userId: dto.userId ?? null,
    };
    const done = await this.commands.execute(
      { slug, type: EVENT.GROUP_MEMBER_ADDED, stage: GROUP_STAGE, payload: { group, memberId: id, ...fields }, expectedVersion, actor },
      async (ctx) => {
        refuseOutsideWindow(ctx, group, 'add');
        checkFields(fields);
        if (createAccount) fields.userId = await createAccount(ctx.manager);
        await this.checkAccount(ctx, group, fields.userId, null);
        const member = await ctx.manager.save(GroupMemberEntity, { id, projectId: ctx.project.id, group, ...fields, createdAt: ctx.now, updatedAt: ctx.now });
        return { result: view(member), event: { member: saved(member) } };
      },
      (accepted) => this.projects.viewOf(accepted),
    );
    return { member: done.result, entry: done.entry, workflow: done.view };
  }

  async update(slug: string, group: GroupKey, memberId: string, dto: UpdateGroupMemberDto, actor: Actor) {
    const changes = Object.fromEntries(
      Object.entries({
        name: dto.name?.trim(),
        organisation: dto.organisation?.trim(),
        organisationType: dto.organisationType,
        roleInGroup: dto.roleInGroup?.trim(),
        isLead: dto.isLead,
        userId: dto.userId,
      }).filter(([, v]) => v !== undefined),
    ) as Partial<GroupMemberEntity>;
    if (Object.keys(changes).length === 0) throw new InvalidInputError('Nothing to change.', [{ field: 'body', message: 'give at least one field to change' }]);
    const done = await this.commands.execute(
      { slug, type: EVENT.GROUP_MEMBER_UPDATED, stage: GROUP_STAGE, payload: { group, memberId, changes }, expectedVersion: dto.expectedVersion, actor },
      async (ctx) => {
        refuseOutsideWindow(ctx, group, 'change');
        const member = await this.findMember(ctx.manager, ctx.project.id, group, memberId);
        const next = { ...member, ...changes };
        checkFields(next);
        if (changes.userId !== undefined) await this.checkAccount(ctx, group, next.userId, member.id);
        const before = saved(member);
        const after = await ctx.manager.save(GroupMemberEntity, { ...next, updatedAt: ctx.now });
        return { result: view(after), event: { before, member: saved(after) } };
      },
      (accepted) => this.projects.viewOf(accepted),
    );
    return { member: done.result, entry: done.entry, workflow: done.view };
  }

  async remove(slug: string, group: GroupKey, memberId: string, expectedVersion: number | undefined, actor: Actor) {
    const done = await this.commands.execute(
      { slug, type: EVENT.GROUP_MEMBER_REMOVED, stage: GROUP_STAGE, payload: { group, memberId }, expectedVersion, actor },
      async (ctx) => {
        refuseOutsideWindow(ctx, group, 'change');
        const member = await this.findMember(ctx.manager, ctx.project.id, group, memberId);
        await ctx.manager.delete(GroupMemberEntity, { id: member.id });
        // the history entry names who left, not just an id
        return { result: view(member), event: { name: member.name, organisation: member.organisation, before: saved(member) } };
      },
      (accepted) => this.projects.viewOf(accepted),
    );
    return { member: done.result, entry: done.entry, workflow: done.view };
  }

  private async findMember(manager: EntityManager, projectId: string, group: GroupKey, memberId: string): Promise<GroupMemberEntity> {
    const member = await manager.findOne(GroupMemberEntity, { where: { id: memberId, projectId, group } });
    if (!member) throw new NotFoundError(`Member of the ${GROUP_LABELS[group]}`, memberId);
    return member;
  }

  /** A linked account must be an active stakeholder account, at most once per group. */
  private async checkAccount(ctx: CommandContext, group: GroupKey, userId: string | null, memberId: string | null): Promise<void> {
    if (!userId) return;
    const user = await ctx.manager.findOne(UserEntity, { where: { id: userId } });
    if (!user || !user.active || user.role !== 'stakeholder') {
      throw new InvalidInputError('The account cannot be linked.', [
        { field: 'userId', message: 'userId must be the id of an active user with the stakeholder role' },
      ]);
    }
    const other = await ctx.manager.findOne(GroupMemberEntity, { where: { projectId: ctx.project.id, group, userId } });
    if (other && other.id !== memberId) {
      throw new ConflictError('AlreadyMember', `${user.name}'s account is already linked to a member of the ${GROUP_LABELS[group]} (${other.name}).`);
    }
  }
}

/**
 * The write-window rule for group members. A new member may join while the project is open; an
 * existing member is a stage 1 record, so editing or removing one is frozen once stage 1 is
 * submitted (its review and approval rest on the groups as they stood). Reviewing groups do not
 * change at all while any stage is in review.
 */
function refuseOutsideWindow(ctx: CommandContext, group: GroupKey, change: 'add' | 'change'): void {
  const snapshot = persist(ctx.snapshot);
  const subject = change === 'add' ? `The ${GROUP_LABELS[group]}` : `A member of the ${GROUP_LABELS[group]}`;
  const window = change === 'add' ? WINDOWS.projectRecord : WINDOWS.groupChange;
  refuseIfAny(writeWindowBlockers({ snapshot, window, subject, stage: GROUP_STAGE, deliverable: group, role: ctx.actor.role }));
  refuseIfAny(reviewerChangeBlockers(snapshot, `The ${GROUP_LABELS[group]}`, (REVIEW_GROUPS as readonly string[]).includes(group)));
}

/** The pure member rules (the DTO already checks shapes; this also covers a merged update). */
function checkFields(fields: Parameters<typeof validateMember>[0]): void {
  const errors = validateMember(fields);
  if (errors.length > 0) throw new InvalidInputError('The member has invalid fields.', errors);
}
