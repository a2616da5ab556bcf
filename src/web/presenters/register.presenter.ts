import { Injectable } from '@nestjs/common';
import { stageDefinition } from '../../../workflows';
import { csvColumns, SCHEMAS } from '../../../workflows/registers';
import { AuthUser } from '../../auth/current-user';
import { ProjectsService } from '../../projects/projects.service';
import { RegisterDefinition, registerOfType } from '../../registers/register-catalogue';
import { RegistersService } from '../../registers/registers.service';
import { AppConfig } from '../../config/app-config';
import { EvidenceFilesService } from '../../files/evidence-files.service';
import { FormErrors } from '../forms';
import { fileRows, uploadHint } from './evidence-files';
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
    private readonly files: EvidenceFilesService,
    private readonly config: AppConfig,
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
    const files = record ? await this.files.list(slug, { kind: 'register-record', stage: def.stage, register: def.name, recordId: String(record.id) }) : undefined;
    const stageView = project.workflow.stages.find((s) => s.key === def.stage)!;
    const writable = stageView.status === 'in-progress' && project.workflow.status === 'active';
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
      version: project.workflow.version,
      files: files ? { rows: fileRows(files.items), writable, hint: uploadHint(this.config.UPLOAD_LIMIT_BYTES), error: errors?.fields.file } : undefined,
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
