import { Injectable } from '@nestjs/common';
import { STAGES, StageKey } from '../../../workflows';
import { formatCsv } from '../../../workflows/registers';
import { HistoryFilterDto } from '../../projects/dto/history-filter.dto';
import { HistoryEntryEntity } from '../../projects/history-entry.entity';
import { HistorySearchRepository } from '../../projects/history-search.repository';
import { FormErrors, FormSpec, validateForm } from '../forms';
import { EVENT_LABELS } from './labels';
import { pageNumber, pagination, queryString } from './paging';

export const HISTORY_PAGE_SIZE = 25;

export const HISTORY_FILTER_FORM: FormSpec = {
  labels: { type: 'the type of command', stage: 'the stage', person: 'the person', outcome: 'the outcome', from: 'the from date', to: 'the to date' },
  required: { stage: 'Select a stage from the list', outcome: 'Select accepted or refused' },
};

const FILTER_KEYS = ['type', 'stage', 'person', 'outcome', 'from', 'to'] as const;

/** "DELIVERABLE_UPDATED" as "Deliverable updated" (the workflow events have their own words). */
export function typeLabel(type: string): string {
  if (EVENT_LABELS[type]) return EVENT_LABELS[type];
  const words = type.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const stageTitle = (key: string | null) => (key ? (STAGES.find((s) => s.key === key)?.title ?? key) : '');

/** What the command carried, in one line: its scalar fields (long texts cut short). */
export function payloadSummary(payload: Record<string, unknown> | null | undefined, max = 300): string {
  const parts: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value === null || value === undefined || value === '') return;
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v !== 'object')) parts.push(`${path}: ${value.join(', ')}`);
      else parts.push(`${path}: ${value.length} item${value.length === 1 ? '' : 's'}`);
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, path ? `${path}.${k}` : k);
    } else {
      parts.push(`${path}: ${String(value)}`);
    }
  };
  walk(payload ?? {}, '');
  const text = parts.join('; ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A CSV cell that a spreadsheet will not run: text starting with = + - @ tab or CR is a formula
 * to Excel and LibreOffice, so it is prefixed with an apostrophe (OWASP CSV injection).
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function historyCsv(items: HistoryEntryEntity[]): string {
  const header = ['sequence', 'occurredAt', 'person', 'type', 'stage', 'outcome', 'blockers', 'details'];
  const rows = items.map((e) => [
    String(e.sequence),
    e.occurredAt,
    e.actorName ?? 'System',
    e.type,
    e.stage ?? '',
    e.outcome,
    (e.blockers ?? []).map((b) => b.message).join(' | '),
    payloadSummary(e.payload, 10_000),
  ]);
  return formatCsv([header, ...rows.map((r) => r.map(neutraliseCell))]);
}

/** The history page: filters (validated with HistoryFilterDto), a page of entries newest first. */
@Injectable()
export class HistoryPresenter {
  constructor(private readonly search: HistorySearchRepository) {}

  filterOf(query: Record<string, unknown>): { ok: true; filter: HistoryFilterDto; values: Record<string, string> } | { ok: false; errors: FormErrors; values: Record<string, string> } {
    const values = Object.fromEntries(FILTER_KEYS.map((k) => [k, typeof query[k] === 'string' ? (query[k] as string) : ''])) as Record<string, string>;
    const form = validateForm(HistoryFilterDto, values, HISTORY_FILTER_FORM);
    return form.ok ? { ok: true, filter: form.value, values } : { ok: false, errors: form.errors, values };
  }

  async page(slug: string, query: Record<string, unknown>) {
    const parsed = this.filterOf(query);
    const page = pageNumber(query.page);
    const result = await this.search.search(slug, parsed.ok ? parsed.filter : {}, HISTORY_PAGE_SIZE, (page - 1) * HISTORY_PAGE_SIZE);
    const base = `/projects/${slug}/history`;
    const filterQuery = queryString(parsed.values);
    const withPage = (n: number) => `${base}${queryString({ ...parsed.values, page: n > 1 ? String(n) : '' })}`;
    const option = (value: string, text: string, current: string) => ({ value, text, selected: value === current });
    return {
      pageTitle: `History of ${result.projectName}`,
      project: { slug, name: result.projectName },
      values: parsed.values,
      errors: parsed.ok ? undefined : parsed.errors,
      filtered: FILTER_KEYS.some((k) => parsed.values[k]),
      total: parsed.ok ? result.total : 0,
      firstShown: (page - 1) * HISTORY_PAGE_SIZE + 1,
      lastShown: Math.min(page * HISTORY_PAGE_SIZE, parsed.ok ? result.total : 0),
      rows: parsed.ok
        ? result.items.map((e) => ({
            sequence: e.sequence,
            occurredAt: e.occurredAt,
            who: e.actorName ?? 'System',
            what: typeLabel(e.type),
            type: e.type,
            stage: stageTitle(e.stage),
            details: payloadSummary(e.payload),
            refused: e.outcome === 'refused',
            blockers: (e.blockers ?? []).map((b) => b.message),
          }))
        : [],
      pagination: parsed.ok ? pagination(result.total, page, HISTORY_PAGE_SIZE, withPage) : null,
      csvHref: `${base}/download${filterQuery}`,
      clearHref: base,
      typeItems: [option('', 'Any type', parsed.values.type), ...result.types.map((t) => option(t, typeLabel(t), parsed.values.type))],
      stageItems: [option('', 'Any stage', parsed.values.stage), ...STAGES.map((s) => option(s.key as StageKey, `Stage ${s.order}: ${s.title}`, parsed.values.stage))],
      personItems: [option('', 'Anyone', parsed.values.person), ...result.people.map((p) => option(p.id, p.name, parsed.values.person))],
      outcomeItems: [option('', 'Accepted or refused', parsed.values.outcome), option('accepted', 'Accepted', parsed.values.outcome), option('refused', 'Refused', parsed.values.outcome)],
    };
  }

  async csv(slug: string, filter: HistoryFilterDto): Promise<string> {
    const result = await this.search.search(slug, filter, null);
    return historyCsv(result.items);
  }
}
