import { checkLinks } from './links';
import { SCHEMAS, csvColumns } from './schema';
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

/**
 * RFC 4180 parser: quoted fields may hold commas, CR/LF and doubled quotes; records end with
 * CRLF, LF or CR. Completely empty lines are skipped (a trailing newline is not a record).
 */
export function parseCsv(input: string): { rows: CsvRow[]; errors: CsvParseError[] } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input; // Excel's BOM
  const rows: CsvRow[] = [];
  const errors: CsvParseError[] = [];
  const n = text.length;
  const isEnd = (c: string | undefined) => c === ',' || c === '\n' || c === '\r' || c === undefined;
  let i = 0;
  let line = 1;
  while (i < n) {
    const rowLine = line;
    const fields: string[] = [];
    let quotedAny = false;
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        quotedAny = true;
        const fieldLine = line;
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          value += c;
          i++;
        }
        if (!closed) {
          errors.push({ line: fieldLine, fieldIndex: fields.length, message: 'a quoted value is never closed (missing ")' });
          rows.push({ line: rowLine, fields: [...fields, value] });
          return { rows, errors };
        }
        if (!isEnd(text[i])) {
          errors.push({ line, fieldIndex: fields.length, message: 'text after the closing quote of a quoted value' });
          while (!isEnd(text[i])) value += text[i++];
        }
      } else {
        const start = i;
        while (!isEnd(text[i])) i++;
        value = text.slice(start, i);
        if (value.includes('"')) {
          errors.push({
            line,
            fieldIndex: fields.length,
            message: 'a quote inside an unquoted value (quote the whole value and double the quote)',
          });
        }
      }
      fields.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      line++;
      break;
    }
    if (fields.length > 1 || fields[0] !== '' || quotedAny) rows.push({ line: rowLine, fields });
  }
  return { rows, errors };
}

function quote(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 text from rows of cells, CRLF line endings, ending with CRLF. */
export function formatCsv(rows: string[][]): string {
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(';');
  return String(value);
}

/** Header row (field names) then one row per record; list fields joined with ';'. */
export function exportCsv<K extends RecordType>(type: K, records: readonly RecordOf[K][]): string {
  const columns = csvColumns(type);
  const body = records.map((r) => columns.map((c) => cell((r as unknown as Record<string, unknown>)[c])));
  return formatCsv([columns, ...body]);
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

export type CsvImportResult<K extends RecordType> =
  | { ok: true; records: RecordOf[K][] }
  | { ok: false; errors: CsvImportError[] };

export interface CsvImportOptions {
  /** When given, every link on every row must point at an existing record in these registers. */
  linkTargets?: Partial<Registers>;
}

// Plain decimal, optionally with thousands separators ("30,070").
const NUMBER = /^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/;

/**
 * All-or-nothing import of one register: either every row parses and validates and all the
 * records come back, or none do and every problem is listed with its row, line and column.
 */
export function importCsv<K extends RecordType>(
  type: K,
  text: string,
  options: CsvImportOptions = {},
): CsvImportResult<K> {
  const { rows, errors: parseErrors } = parseCsv(text);
  const columns = csvColumns(type);
  const rowOf = (line: number) => rows.filter((r) => r.line <= line).length - 1;
  if (parseErrors.length) {
    const header = rows[0]?.fields ?? [];
    return {
      ok: false,
      errors: parseErrors.map((e) => {
        const row = Math.max(0, rowOf(e.line));
        return { row, line: e.line, column: header[e.fieldIndex] ?? `column ${e.fieldIndex + 1}`, message: e.message };
      }),
    };
  }
  if (!rows.length) {
    return { ok: false, errors: [{ row: 0, line: 1, column: '', message: `the file is empty: expected a header row (${columns.join(',')})` }] };
  }
  const header = rows[0].fields.map((h) => h.trim());
  const errors: CsvImportError[] = [];
  const headerError = (column: string, message: string) => errors.push({ row: 0, line: rows[0].line, column, message });
  header.forEach((h, index) => {
    if (!columns.includes(h)) headerError(h || `column ${index + 1}`, `unknown column; expected ${columns.join(', ')}`);
    else if (header.indexOf(h) !== index) headerError(h, 'column appears more than once');
  });
  for (const c of columns) if (!header.includes(c)) headerError(c, 'missing column');
  if (errors.length) return { ok: false, errors };

  const records: RecordOf[K][] = [];
  const firstRowOfId = new Map<string, number>();
  rows.slice(1).forEach((r, index) => {
    const row = index + 1;
    const push = (column: string, message: string) => errors.push({ row, line: r.line, column, message });
    if (r.fields.length !== header.length) {
      const column = r.fields.length < header.length ? header[r.fields.length] : `column ${header.length + 1}`;
      push(column, `the row has ${r.fields.length} values but the header has ${header.length} columns`);
      return;
    }
    const record: Record<string, unknown> = {};
    const badFields = new Set<string>();
    for (const spec of SCHEMAS[type]) {
      const raw = r.fields[header.indexOf(spec.name)];
      if (spec.type === 'list') {
        record[spec.name] = raw.split(';').map((x) => x.trim()).filter((x) => x !== '');
      } else if (spec.type === 'number') {
        const trimmed = raw.trim();
        if (trimmed === '') continue;
        if (!NUMBER.test(trimmed)) {
          push(spec.name, `"${raw}" is not a number`);
          badFields.add(spec.name);
          continue;
        }
        record[spec.name] = Number(trimmed.replace(/,/g, ''));
      } else if (raw !== '' || spec.required) {
        // An empty optional cell means "not given": the property is left out.
        record[spec.name] = raw;
      }
    }
    for (const e of validateRecord(type, record)) if (!badFields.has(e.field)) push(e.field, e.message);
    if (options.linkTargets) for (const e of checkLinks(options.linkTargets, type, record)) push(e.field, e.message);
    const id = record.id;
    if (typeof id === 'string' && id !== '') {
      const seen = firstRowOfId.get(id);
      if (seen !== undefined) push('id', `duplicate id "${id}" (also on row ${seen})`);
      else firstRowOfId.set(id, row);
    }
    records.push(record as unknown as RecordOf[K]);
  });
  return errors.length ? { ok: false, errors } : { ok: true, records };
}
