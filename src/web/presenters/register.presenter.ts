import { Injectable } from '@nestjs/common';
import { stageDefinition } from '../../../workflows';
import { csvColumns, SCHEMAS } from '../../../workflows/registers';
import { AuthUser } from '../../auth/current-user';
import { ProjectsService } from '../../projects/projects.service';
import { RegisterDefinition, registerOfType } from '../../registers/register-catalogue';
import { RegistersService } from '../../registers/registers.service';
import { FormErrors } from '../forms';
import { recordFormFields, registerTable } from './register-forms';
import { StagePresenter } from './stage.presenter';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const registerTitle = (def: RegisterDefinition) => capitalise(def.name.replace(/-/g, ' '));

/** A register's page, its record form and the traceability view, from RegistersService. */
@Injectable()
export class RegisterPresenter {
  constructor(
    private readonly registers: RegistersService,
    private readonly projects: ProjectsService,
    private readonly stages: StagePresenter,
  ) {}

  async register(slug: string, def: RegisterDefinition, user: AuthUser) {
    const [project, list, manages] = await Promise.all([this.projects.get(slug), this.registers.list(slug, def), this.stages.manages(user, slug)]);
    const stage = stageDefinition(def.stage);
    return {
      pageTitle: `${registerTitle(def)} – ${project.name}`,
      project: { slug, name: project.name },
      stage: { key: stage.key, order: stage.order, title: stage.title },
      r: { name: def.name, title: registerTitle(def), label: def.label, total: list.total, table: registerTable(def, list.items) },
      editable: manages && list.writable,
      manages,
      writable: list.writable,
      columns: csvColumns(def.type),
      required: SCHEMAS[def.type].filter((s) => s.required).map((s) => s.name),
    };
  }

  async recordForm(slug: string, def: RegisterDefinition, values: Record<string, unknown>, errors?: FormErrors, record?: Record<string, unknown>) {
    const project = await this.projects.get(slug);
    const linked = [...new Set(SCHEMAS[def.type].flatMap((s) => (s.link ? [s.link] : [])))];
    const targets = Object.fromEntries(await Promise.all(linked.map(async (type) => [type, (await this.registers.list(slug, registerOfType(type))).items] as const)));
    const stage = stageDefinition(def.stage);
    const editing = record !== undefined;
    return {
      pageTitle: `${editing ? `Change ${String(record.id)}` : `Add a ${def.label}`} – ${project.name}`,
      project: { slug, name: project.name },
      stage: { key: stage.key, order: stage.order, title: stage.title },
      register: { name: def.name, label: def.label, title: registerTitle(def) },
      record,
      fields: recordFormFields(def, editing ? { ...record, ...values } : values, targets, errors, editing),
      errors,
    };
  }

  async traceability(slug: string) {
    const [project, trace] = await Promise.all([this.projects.get(slug), this.registers.traceability(slug)]);
    return {
      pageTitle: `Traceability – ${project.name}`,
      project: { slug, name: project.name },
      entries: trace.entries.map((e) => ({
        ...e,
        kindText: e.kind === 'need' ? 'Need' : 'Urgent concern',
        state: e.answered ? { text: 'Answered', tag: 'nhsuk-tag--green' } : e.notMet ? { text: 'Recorded as not met', tag: 'nhsuk-tag--orange' } : { text: 'Not answered yet', tag: 'nhsuk-tag--red' },
      })),
      unanswered: trace.unanswered.length,
      unaccounted: trace.unaccounted.length,
    };
  }
}
