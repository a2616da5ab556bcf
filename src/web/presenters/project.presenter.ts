import { Injectable } from '@nestjs/common';
import { DeliverableView, OXFORDSHIRE_PCNS_2019, StageKey, StageStatus, WorkflowView } from '../../../workflows';
import { allowsProjectAccess } from '../../auth/access-policy';
import { AuthUser } from '../../auth/current-user';
import { ProjectAccessService } from '../../auth/project-access.service';
import { UsersService } from '../../auth/users.service';
import { NotificationsService } from '../../notifications/notifications.service';
import { ProjectDetail, ProjectsService } from '../../projects/projects.service';
import { FormErrors } from '../forms';
import { PROJECT_STATUS, STAGE_STATUS } from './labels';
import { stageDiagramSvg } from './stage-diagram';

const DELIVERABLE_STATUS: Record<string, { text: string; tag: string }> = {
  'not-started': { text: 'Not started', tag: 'nhsuk-tag--grey' },
  'in-progress': { text: 'In progress', tag: 'nhsuk-tag--blue' },
  done: { text: 'Done', tag: 'nhsuk-tag--green' },
  'not-applicable': { text: 'Not applicable', tag: 'nhsuk-tag--white' },
};

/** A form of the project page that failed: shown again with its errors and what was typed. */
export interface FailedForm {
  /** e.g. "REQUEST_CHANGES:planning-and-codesign" */
  key: string;
  values: Record<string, unknown>;
  errors: FormErrors;
}

export function eventFormKey(type: string, stage?: string): string {
  return stage ? `${type}:${stage}` : type;
}

/** The project page: details, the stage diagram, each stage's deliverables and blockers, actions. */
@Injectable()
export class ProjectPresenter {
  constructor(
    private readonly projects: ProjectsService,
    private readonly access: ProjectAccessService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
  ) {}

  async page(slug: string, user: AuthUser, failed?: FailedForm) {
    const [project, relation, follow] = await Promise.all([this.projects.get(slug), this.access.relation(user, slug), this.notifications.following(user, slug)]);
    const manages = relation !== null && allowsProjectAccess(user, relation, 'manage');
    const manager = project.managerUserId ? await this.users.activeAccount(project.managerUserId) : null;
    return {
      pageTitle: project.name,
      project: details(project, manager?.name ?? null),
      diagram: diagramOf(project.workflow, slug),
      stages: project.workflow.stages.map((s) => ({
        key: s.key,
        order: s.order,
        title: s.title,
        status: STAGE_STATUS[s.status],
        rawStatus: s.status,
        taskItems: s.deliverables.map((d) => taskItem(slug, s.key, d)),
        blockers: s.blockers,
      })),
      actions: manages ? actionsOf(project.workflow) : null,
      version: project.workflow.version,
      following: follow.following,
      failed,
      errors: failed?.errors,
    };
  }
}

/** A deliverable as an NHS task list item: its status in words, its evidence or where it comes from. */
function taskItem(slug: string, stage: StageKey, d: DeliverableView) {
  const label = DELIVERABLE_STATUS[d.status] ?? { text: d.status, tag: '' };
  const source = d.derived ? 'Derived from the records' : d.mandatory ? 'Required' : 'Optional';
  return {
    title: { text: d.title },
    href: `/projects/${slug}/stages/${stage}#deliverable-${d.key}`,
    hint: { text: d.evidence ? `${d.derived ? 'Derived from the records' : 'Evidence'}: ${d.evidence}` : source },
    status: d.status === 'done' ? { text: label.text } : { tag: { text: label.text, classes: label.tag } },
  };
}

function details(project: ProjectDetail, managerName: string | null) {
  return {
    slug: project.slug,
    name: project.name,
    scope: project.scope,
    area: project.area,
    districts: project.districts,
    pcns: project.pcns.map((code) => OXFORDSHIRE_PCNS_2019.find((p) => p.code === code)?.name ?? code),
    registeredPopulation: project.registeredPopulation,
    registeredPopulationSource: project.registeredPopulationSource,
    status: PROJECT_STATUS[project.status],
    rawStatus: project.status,
    managerName,
    published: project.published,
  };
}

export function diagramOf(view: WorkflowView, slug: string): string {
  const statuses = Object.fromEntries(view.stages.map((s) => [s.key, s.status])) as Record<StageKey, StageStatus>;
  return stageDiagramSvg(statuses, view.status, (stage) => `/projects/${slug}/stages/${stage}`);
}

/**
 * The buttons a manager sees: for each current stage, submit (in progress) or approve and
 * request changes (in review); for the project, hold, resume and withdraw. They are shown even
 * when the engine would refuse now, so that pressing one shows the engine's blockers.
 */
function actionsOf(view: WorkflowView) {
  const closed = view.status === 'completed' || view.status === 'withdrawn';
  if (closed) return { stages: [], project: [] };
  const stages = view.stages
    .filter((s) => s.status === 'in-progress' || s.status === 'in-review')
    .map((s) => ({
      stage: s.key,
      title: `Stage ${s.order}: ${s.title}`,
      events:
        s.status === 'in-progress'
          ? [{ type: 'SUBMIT_FOR_REVIEW', text: 'Submit for review', reason: false }]
          : [
              { type: 'APPROVE_STAGE', text: 'Approve stage', reason: false },
              { type: 'REQUEST_CHANGES', text: 'Request changes', reason: true },
            ],
    }));
  const project =
    view.status === 'on-hold'
      ? [
          { type: 'RESUME', text: 'Resume the project', reason: false },
          { type: 'WITHDRAW', text: 'Withdraw the project', reason: true },
        ]
      : [
          { type: 'PUT_ON_HOLD', text: 'Put the project on hold', reason: true },
          { type: 'WITHDRAW', text: 'Withdraw the project', reason: true },
        ];
  return { stages, project };
}
