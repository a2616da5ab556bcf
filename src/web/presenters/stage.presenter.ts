import { Injectable } from '@nestjs/common';
import { StageKey, stageDefinition } from '../../../workflows';
import { GROUP_KEYS, GROUP_LABELS, GroupKey, ORGANISATION_TYPES } from '../../../workflows/people';
import { allowsProjectAccess } from '../../auth/access-policy';
import { AuthUser } from '../../auth/current-user';
import { ProjectAccessService } from '../../auth/project-access.service';
import { UsersService } from '../../auth/users.service';
import { GroupsService, MemberView } from '../../people/groups.service';
import { ProjectsService } from '../../projects/projects.service';
import { RegisterDefinition, REGISTERS } from '../../registers/register-catalogue';
import { RegistersService } from '../../registers/registers.service';
import { AppConfig } from '../../config/app-config';
import { EvidenceFilesService } from '../../files/evidence-files.service';
import { FormErrors } from '../forms';
import { BoardDecisionsService } from '../../collaboration/board-decisions.service';
import { DiscussionService } from '../../collaboration/discussion.service';
import { boardSection, CollaborationForm, discussionSection } from './collaboration';
import { fileRows, uploadHint } from './evidence-files';
import { STAGE_STATUS } from './labels';
import { registerTable } from './register-forms';

export const DELIVERABLE_CHOICES = [
  { value: 'not-started', text: 'Not started' },
  { value: 'in-progress', text: 'In progress' },
  { value: 'done', text: 'Done' },
  { value: 'not-applicable', text: 'Not applicable' },
];

export const ORGANISATION_CHOICES = ORGANISATION_TYPES.map((t) => ({ value: t.key, text: t.label }));

/** A failed form of the stage page: which one, what was typed, its errors. */
export interface StageFailedForm {
  key: string;
  values: Record<string, unknown>;
  errors: FormErrors;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The stage pages: a stage's deliverables (recordable while it is in progress), stage 1's groups
 * and stages 2-5's registers, from ProjectsService, GroupsService and RegistersService.
 */
@Injectable()
export class StagePresenter {
  constructor(
    private readonly projects: ProjectsService,
    private readonly groups: GroupsService,
    private readonly registers: RegistersService,
    private readonly access: ProjectAccessService,
    private readonly users: UsersService,
    private readonly files: EvidenceFilesService,
    private readonly config: AppConfig,
    private readonly discussion: DiscussionService,
    private readonly board: BoardDecisionsService,
  ) {}

  /** Whether the caller runs this project (the same rule as @ProjectAccess('manage')). */
  async manages(user: AuthUser, slug: string): Promise<boolean> {
    const relation = await this.access.relation(user, slug);
    return relation !== null && allowsProjectAccess(user, relation, 'manage');
  }

  async page(slug: string, stage: StageKey, user: AuthUser, failed?: StageFailedForm, collaboration?: CollaborationForm) {
    const [project, manages, relation] = await Promise.all([this.projects.get(slug), this.manages(user, slug), this.access.relation(user, slug)]);
    const [posts, decisions] = await Promise.all([this.discussion.list(slug, stage), this.board.list(slug)]);
    const closed = project.workflow.status === 'completed' || project.workflow.status === 'withdrawn';
    const view = project.workflow.stages.find((s) => s.key === stage)!;
    const open = view.status === 'in-progress' && project.workflow.status === 'active';
    const editable = manages && open;
    const registerDefs = REGISTERS.filter((r) => r.stage === stage);
    const [groups, registers, files] = await Promise.all([
      stage === 'planning-and-codesign' ? Promise.all(GROUP_KEYS.map((g) => this.groups.list(slug, g))) : Promise.resolve([]),
      Promise.all(registerDefs.map(async (def) => ({ def, list: await this.registers.list(slug, def) }))),
      this.files.filesByTarget(slug, 'deliverable', stage),
    ]);
    return {
      pageTitle: `Stage ${view.order}: ${view.title} – ${project.name}`,
      project: { slug, name: project.name, status: project.workflow.status },
      stage: { key: stage, order: view.order, title: view.title, summary: stageDefinition(stage).summary, status: STAGE_STATUS[view.status], rawStatus: view.status, blockers: view.blockers },
      editable,
      manages,
      closedReason: manages && !open ? (project.workflow.status !== 'active' ? 'The project is not active, so nothing in this stage can change.' : view.status === 'not-started' ? 'This stage has not started yet.' : view.status === 'in-review' ? 'This stage is in review, so its records cannot change. Request changes to reopen it.' : 'This stage is approved, so its records cannot change.') : null,
      version: project.workflow.version,
      uploadHint: uploadHint(this.config.UPLOAD_LIMIT_BYTES),
      deliverables: view.deliverables.map((d) => {
        const isFailed = failed?.key === `deliverable:${d.key}`;
        const status = isFailed ? String(failed!.values.status ?? '') : d.status;
        return {
          ...d,
          statusText: DELIVERABLE_CHOICES.find((c) => c.value === d.status)?.text ?? d.status,
          choices: DELIVERABLE_CHOICES.map((c) => ({ ...c, checked: c.value === status })),
          evidenceValue: isFailed ? String(failed!.values.evidence ?? '') : (d.evidence ?? ''),
          errors: isFailed ? failed!.errors.fields : {},
          files: fileRows(files.get(d.key)),
          fileError: failed?.key === `files:${d.key}` ? failed.errors.fields[`file-${d.key}`] : undefined,
        };
      }),
      groups: groups.map((g) => ({
        key: g.group,
        label: capitalise(g.label),
        members: g.members.map((m) => memberRow(m)),
        rule: g.rule,
      })),
      registers: registers.map(({ def, list }) => ({ name: def.name, label: capitalise(def.label), title: registerTitle(def), total: list.total, table: registerTable(def, list.items) })),
      traceability: stage === 'meeting-population-needs' || stage === 'population-health-and-care-needs' || stage === 'innovation-and-good-practice',
      failed,
      errors: failed?.errors ?? collaboration?.errors,
      discussion: discussionSection(posts.items, user, !closed && relation !== null && allowsProjectAccess(user, relation, 'discuss'), collaboration),
      board: boardSection(
        decisions.items.filter((d) => d.target === 'stage' && d.stage === stage),
        !closed && view.status !== 'not-started' && relation !== null && allowsProjectAccess(user, relation, 'board'),
        collaboration,
      ),
    };
  }

  /** The member form: organisation types, and the accounts a member can be linked to. */
  async memberForm(slug: string, group: GroupKey, values: Record<string, unknown>, member?: MemberView) {
    const project = await this.projects.get(slug);
    const accounts = await this.linkableAccounts();
    const current = values.userId ?? member?.userId ?? '';
    return {
      pageTitle: `${member ? 'Change' : 'Add'} a member of the ${GROUP_LABELS[group]} – ${project.name}`,
      project: { slug, name: project.name },
      group: { key: group, label: GROUP_LABELS[group] },
      member,
      values: { ...(member ?? {}), ...values },
      organisationTypes: [{ value: '', text: 'Choose' }, ...ORGANISATION_CHOICES].map((o) => ({ ...o, selected: o.value === (values.organisationType ?? member?.organisationType) })),
      accounts: [{ value: '', text: 'No account' }, ...accounts.map((a) => ({ value: a.id, text: `${a.name} (${a.email})`, selected: a.id === current }))],
      isLead: values.isLead !== undefined ? values.isLead === 'true' || values.isLead === true : (member?.isLead ?? false),
    };
  }

  async member(slug: string, group: GroupKey, memberId: string): Promise<MemberView | undefined> {
    return (await this.groups.list(slug, group)).members.find((m) => m.id === memberId);
  }

  /**
   * The accounts a programme manager may link a member to: active stakeholder accounts (the
   * groups service refuses any other, so these are the only choices that can succeed).
   */
  private async linkableAccounts() {
    const all = await this.users.list(1000, 0);
    return all.items.filter((u) => u.role === 'stakeholder' && u.active).sort((a, b) => a.name.localeCompare(b.name));
  }
}

function memberRow(m: MemberView) {
  return {
    id: m.id,
    name: m.name,
    organisation: m.organisation,
    organisationType: ORGANISATION_TYPES.find((t) => t.key === m.organisationType)?.label ?? m.organisationType,
    roleInGroup: m.roleInGroup,
    isLead: m.isLead,
    hasAccount: m.userId !== null,
  };
}

function registerTitle(def: RegisterDefinition): string {
  return capitalise(def.name.replace(/-/g, ' '));
}
