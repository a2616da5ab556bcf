import { Injectable } from '@nestjs/common';
import { STAGES, StageKey } from '../../../workflows';
import { describeDecision } from '../../../workflows/board';
import { GROUP_KEYS, GROUP_LABELS, GroupKey, organisationTypeLabel, OrganisationType } from '../../../workflows/people';
import { STAGE6 } from '../../../workflows/stage6';
import { DevelopmentOfOptionsService } from '../../development-of-options/development-of-options.service';
import { PublicationService } from '../../publication/publication.service';
import { documentBody, withoutEmails } from './document-html';
import { PROJECT_STATUS, STAGE_STATUS } from './labels';
import { stageDiagramSvg } from './stage-diagram';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const stageTitle = (key: string | null) => {
  const s = STAGES.find((x) => x.key === key);
  return s ? `Stage ${s.order}: ${s.title}` : '';
};

/**
 * The public pages: published projects only, through PublicationService (which reads nothing
 * of an unpublished one). Organisations and roles, never names of members or email addresses.
 */
@Injectable()
export class PublicPresenter {
  constructor(
    private readonly publication: PublicationService,
    private readonly stage6: DevelopmentOfOptionsService,
  ) {}

  async list() {
    const projects = await this.publication.listPublished();
    return {
      pageTitle: 'Published locality projects',
      projects: projects.map((p) => ({
        slug: p.slug,
        name: p.name,
        area: withoutEmails(p.area),
        status: PROJECT_STATUS[p.status as keyof typeof PROJECT_STATUS],
        current: p.stages.filter((s) => s.status === 'in-progress' || s.status === 'in-review').map((s) => `Stage ${s.order}: ${s.title} (${STAGE_STATUS[s.status].text.toLowerCase()})`),
      })),
    };
  }

  async project(slug: string) {
    const p = await this.publication.publicProject(slug);
    const statuses = Object.fromEntries(p.stages.map((s) => [s.key, s.status])) as Record<StageKey, (typeof p.stages)[number]['status']>;
    // the business case is an approved output once stage 6 is approved: never a draft
    const businessCase = statuses[STAGE6] === 'approved' ? withoutEmails(documentBody(await this.stage6.document(slug, 'html'), 1)) : null;
    const groups = new Map<GroupKey, { organisation: string; type: string; role: string }[]>();
    for (const g of p.groups) {
      const list = groups.get(g.group as GroupKey) ?? [];
      list.push({ organisation: withoutEmails(g.organisation), type: organisationTypeLabel(g.organisationType as OrganisationType), role: withoutEmails(g.roleInGroup) });
      groups.set(g.group as GroupKey, list);
    }
    return {
      pageTitle: p.name,
      project: {
        slug: p.slug,
        name: p.name,
        area: withoutEmails(p.area),
        districts: p.districts,
        status: PROJECT_STATUS[p.status as keyof typeof PROJECT_STATUS],
      },
      diagram: stageDiagramSvg(statuses, p.status),
      stages: p.stages.map((s) => ({ order: s.order, title: s.title, status: STAGE_STATUS[s.status] })),
      decisions: [...p.decisions].reverse().map((d, i) => ({
        occurredAt: d.occurredAt,
        stage: stageTitle(d.stage),
        what: withoutEmails(describeDecision({ sequence: i, occurredAt: d.occurredAt, type: d.type, stage: d.stage, outcome: 'accepted', actorName: null, payload: { reason: d.reason ?? '' } })),
      })),
      groups: GROUP_KEYS.filter((k) => groups.has(k)).map((key) => ({ title: capitalise(GROUP_LABELS[key]), members: groups.get(key)! })),
      approvedStages: p.stages.filter((s) => s.status === 'approved').map((s) => `Stage ${s.order}: ${s.title}`),
      businessCase,
    };
  }
}
