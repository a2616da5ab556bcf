import { type CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { linkChecker } from './links';
import { FieldSpec, SCHEMAS, csvColumns } from './schema';
import { validateRecord } from './validation';
import type { RecordOf, RecordType, Registers } from './types';

/** One parsed CSV record and the file line (1-based) it starts on. */
export interface CsvRow {
  line: number;
  fields: string[];
}

export interface CsvParseError {
  line: number;
  /** 0-based index of the field where the problem is. */
  fieldIndex: number;
  message: string;
}

/** At most this many problems are listed; the answer says how many more there are. */
export const MAX_CSV_ERRORS = 100;

const PARSE_MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value is never closed (missing ")',
  CSV_INVALID_CLOSING_QUOTE: 'text after the closing quote of a quoted value',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted value (quote the whole value and double the quote)',
  CSV_INVALID_OPENING_QUOTE: 'a quote inside an unquoted value (quote the whole value and double the quote)',
};

/** Line breaks inside a record's values, so its first line can be told from the line it ends on. */
const LINE_BREAKS = /\r\n|\n|\r/g;
const lineBreaks = (fields: string[]) => fields.reduce((n, f) => n + (f.match(LINE_BREAKS)?.length ?? 0), 0);

const CR = 0x0d;
const LF = 0x0a;

/** The 1-based line of byte offsets that only ever grow: one pass over the file in all (CRLF, LF or CR). */
function lineCounter(bytes: Buffer): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    for (; at < offset && at < bytes.length; at++) {
      const c = bytes[at];
      if (c === LF || (c === CR && bytes[at + 1] !== LF)) line++;
    }
    return line;
  };
}

class TooManyParseErrors extends Error {}

/**
 * RFC 4180 by csv-parse (linear, and tolerant of CRLF, LF or CR line endings and Excel's BOM):
 * quoted fields may hold commas, line breaks and doubled quotes; empty lines are skipped (a
 * trailing newline is not a record). Malformed records are reported, and parsing stops after
 * MAX_CSV_ERRORS of them (`complete: false`), as each costs far more than a good record.
 * Lines are counted here from byte offsets: csv-parse counts a CRLF inside quotes as two.
 */
export function parseCsv(input: string): { rows: CsvRow[]; errors: CsvParseError[]; complete: boolean } {
  const bytes = Buffer.from(input);
  const lineAt = lineCounter(bytes);
  const rows: CsvRow[] = [];
  const errors: CsvParseError[] = [];
  // csv-parse's line count minus the true one, as of the last good record (applied to errors)
  let drift = 0;
  let complete = true;
  try {
    parse(bytes, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_records_with_error: true,
      on_record: (record: string[], context) => {
        const end = context.bytes;
        const delimiter = bytes[end - 1] === LF ? (bytes[end - 2] === CR ? 2 : 1) : bytes[end - 1] === CR ? 1 : 0;
        const lastLine = lineAt(end - delimiter - 1);
        drift = context.lines - lastLine;
        rows.push({ line: lastLine - lineBreaks(record), fields: record });
        return null; // kept here, not in csv-parse's own array
      },
      on_skip: (error) => {
        if (!error) return undefined;
        if (errors.length === MAX_CSV_ERRORS) throw new TooManyParseErrors();
        const e = error as CsvError & { lines?: number; index?: number };
        errors.push({ line: Math.max(1, (e.lines ?? 1) - drift), fieldIndex: typeof e.index === 'number' ? e.index : 0, message: PARSE_MESSAGES[e.code] ?? e.message });
        return undefined;
      },
    });
  } catch (error) {
    if (!(error instanceof TooManyParseErrors)) throw error;
    complete = false;
  }
  return { rows, errors, complete };
}

/**
 * OWASP's CSV injection rule: a cell a spreadsheet would read as a formula (it starts with =, +,
 * -, @, tab or CR) is written with a leading single quote. A cell already starting with quotes
 * before such a character gets one more, so `readCell(writeCell(x)) === x` for every text.
 */
const FORMULA = /^'*[=+\-@\t\r]/;
export const neutraliseCell = (value: string): string => (FORMULA.test(value) ? `'${value}` : value);
export const restoreCell = (value: string): string => (value.startsWith("'") && FORMULA.test(value) ? value.slice(1) : value);

/** RFC 4180 text from rows of cells (by csv-stringify), CRLF line endings, ending with CRLF. */
export function formatCsv(rows: string[][]): string {
  // values with leading or trailing spaces are quoted too, so no tool trims them
  return stringify(rows, { record_delimiter: 'windows', quoted_match: [/[\r\n]/, /^\s|\s$/] });
}

function cell(spec: FieldSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  // A number is never a formula (numbers here are 0 or more), so number cells stay as they are.
  if (spec.type === 'number') return String(value);
  return neutraliseCell(Array.isArray(value) ? value.join(';') : String(value));
}

/** Header row (field names) then one row per record; list fields joined with ';'; formulas neutralised. */
export function exportCsv<K extends RecordType>(type: K, records: readonly RecordOf[K][]): string {
  const specs = SCHEMAS[type];
  const body = records.map((r) => specs.map((spec) => cell(spec, (r as unknown as Record<string, unknown>)[spec.name])));
  return formatCsv([csvColumns(type), ...body]);
}

/**
 * One import problem. row: 1-based data row (the header is row 0, the first record row 1);
 * line: the file line the row starts on (they differ when a quoted value spans lines).
 */
export interface CsvImportError {
  row: number;
  line: number;
  column: string;
  message: string;
}

/** A failed import: at most MAX_CSV_ERRORS problems listed; `more` counts the rest, null when checking stopped early. */
export interface CsvImportFailure {
  ok: false;
  errors: CsvImportError[];
  more: number | null;
}

export type CsvImportResult<K extends RecordType> =
  | { ok: true; records: RecordOf[K][]; /** the file line each record starts on */ lines: number[] }
  | CsvImportFailure;

export interface CsvImportOptions {
  /** When given, every link on every row must point at an existing record in these registers. */
  linkTargets?: Partial<Registers>;
}

/** Collects import problems, keeping the first MAX_CSV_ERRORS and counting the rest (linear, bounded answer). */
export class CsvProblems {
  readonly errors: CsvImportError[] = [];
  more = 0;
  push(error: CsvImportError): void {
    if (this.errors.length < MAX_CSV_ERRORS) this.errors.push(error);
    else this.more++;
  }
  get any(): boolean {
    return this.errors.length > 0;
  }
  failure(): CsvImportFailure {
    return { ok: false, errors: this.errors, more: this.more };
  }
}

// Plain decimal, optionally with thousands separators ("30,070").
const NUMBER = /^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/;

/**
 * All-or-nothing import of one register: either every row parses and validates and all the
 * records come back, or none do and the problems are listed with their row, line and column.
 * Pure and linear in the file's size; without linkTargets it needs nothing from the database,
 * so it runs before the command's transaction (see csvLinkProblems for the links).
 */
export function importCsv<K extends RecordType>(
  type: K,
  text: string,
  options: CsvImportOptions = {},
): CsvImportResult<K> {
  const { rows, errors: parseErrors, complete } = parseCsv(text);
  const columns = csvColumns(type);
  if (parseErrors.length) {
    const sorted = [...parseErrors].sort((a, b) => a.line - b.line);
    // the header is known only when it parsed, i.e. the first good record comes before any error
    const header = rows.length && rows[0].line < sorted[0].line ? rows[0].fields : [];
    // a malformed record is not in `rows`: its row is the good records before it (the header
    // being row 0) plus the malformed ones before it
    let before = 0;
    const errors = sorted.map((e, i) => {
      while (before < rows.length && rows[before].line < e.line) before++;
      return { row: before + i, line: e.line, column: header[e.fieldIndex] ?? `column ${e.fieldIndex + 1}`, message: e.message };
    });
    return { ok: false, errors, more: complete ? 0 : null };
  }
  if (!rows.length) {
    return { ok: false, errors: [{ row: 0, line: 1, column: '', message: `the file is empty: expected a header row (${columns.join(',')})` }], more: 0 };
  }
  const header = rows[0].fields.map((h) => h.trim());
  const problems = new CsvProblems();
  const headerError = (column: string, message: string) => problems.push({ row: 0, line: rows[0].line, column, message });
  header.forEach((h, index) => {
    if (!columns.includes(h)) headerError(h || `column ${index + 1}`, `unknown column; expected ${columns.join(', ')}`);
    else if (header.indexOf(h) !== index) headerError(h, 'column appears more than once');
  });
  for (const c of columns) if (!header.includes(c)) headerError(c, 'missing column');
  if (problems.any) return problems.failure();

  const position = new Map(header.map((h, i) => [h, i]));
  const records: RecordOf[K][] = [];
  const lines: number[] = [];
  const firstRowOfId = new Map<string, number>();
  rows.slice(1).forEach((r, index) => {
    const row = index + 1;
    const push = (column: string, message: string) => problems.push({ row, line: r.line, column, message });
    if (r.fields.length !== header.length) {
      const column = r.fields.length < header.length ? header[r.fields.length] : `column ${header.length + 1}`;
      push(column, `the row has ${r.fields.length} values but the header has ${header.length} columns`);
      return;
    }
    const record: Record<string, unknown> = {};
    const badFields = new Set<string>();
    for (const spec of SCHEMAS[type]) {
      const raw = restoreCell(r.fields[position.get(spec.name)!]);
      if (spec.type === 'list') {
        record[spec.name] = raw.split(';').map((x) => x.trim()).filter((x) => x !== '');
      } else if (spec.type === 'number') {
        const trimmed = raw.trim();
        if (trimmed === '') continue;
        if (!NUMBER.test(trimmed)) {
          push(spec.name, `"${raw.length > 40 ? `${raw.slice(0, 40)}...` : raw}" is not a number`);
          badFields.add(spec.name);
          continue;
        }
        record[spec.name] = Number(trimmed.replace(/,/g, ''));
      } else if (raw.trim() !== '') {
        record[spec.name] = raw;
      }
      // An empty (or only-spaces) cell means "not given": the property is left out.
    }
    for (const e of validateRecord(type, record)) if (!badFields.has(e.field)) push(e.field, e.message);
    const id = record.id;
    if (typeof id === 'string' && id !== '') {
      const seen = firstRowOfId.get(id);
      if (seen !== undefined) push('id', `duplicate id "${id}" (also on row ${seen})`);
      else firstRowOfId.set(id, row);
    }
    records.push(record as unknown as RecordOf[K]);
    lines.push(r.line);
  });
  if (options.linkTargets && !problems.any) csvLinkProblems(type, records, lines, options.linkTargets, problems);
  return problems.any ? problems.failure() : { ok: true, records, lines };
}

/** Every link of every imported record must point at a record in `registers` (one id set per linked register). */
export function csvLinkProblems<K extends RecordType>(
  type: K,
  records: readonly RecordOf[K][],
  lines: readonly number[],
  registers: Partial<Registers>,
  problems: CsvProblems = new CsvProblems(),
): CsvProblems {
  const check = linkChecker(registers);
  records.forEach((record, i) => {
    for (const e of check(type, record)) problems.push({ row: i + 1, line: lines[i], column: e.field, message: e.message });
  });
  return problems;
}
