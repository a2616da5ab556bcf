import { csvColumns, exportCsv, importCsv, MAX_CSV_ERRORS, neutraliseCell, parseCsv, RECORD_TYPES, REGISTER_OF, RecordType, restoreCell } from '../../../workflows/registers';
import { wantage } from './fixtures';

describe('CSV parsing (RFC 4180)', () => {
  it('handles quotes, escaped quotes, commas and newlines in fields, CRLF or LF', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","line1\r\nline2"\n"",plain,\n';
    expect(parseCsv(text)).toEqual({
      rows: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['x, y', 'say "hi"', 'line1\r\nline2'] },
        { line: 4, fields: ['', 'plain', ''] },
      ],
      errors: [],
      complete: true,
    });
  });

  it('skips blank lines, strips a BOM and accepts a last line without newline', () => {
    expect(parseCsv('\ufeffa,b\n\n1,2').rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', '2'] },
    ]);
  });

  it('accepts bare CR line endings', () => {
    expect(parseCsv('a,b\r1,"x\ry"\r2,3').rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x\ry'] },
      { line: 4, fields: ['2', '3'] },
    ]);
  });

  it('reports malformed quoting', () => {
    expect(parseCsv('a,b\n1,"open\n').errors).toEqual([{ line: 2, fieldIndex: 1, message: 'a quoted value is never closed (missing ")' }]);
    expect(parseCsv('a,b\n1,x"y\n').errors[0]).toMatchObject({ line: 2, fieldIndex: 1 });
    expect(parseCsv('a,b\n"1"x,2\n').errors[0]).toMatchObject({ line: 2, fieldIndex: 0, message: 'text after the closing quote of a quoted value' });
  });
});

describe('CSV import and export', () => {
  const header = csvColumns('urgent-concern').join(',');

  it('uses the field names as columns', () => {
    expect(header).toBe('id,what,whyUrgent,action,owner,status');
    expect(csvColumns('proposal')).toEqual([
      'id', 'title', 'description', 'needIds', 'concernIds', 'gapsClosed', 'localDelivery', 'routeBeyondLocality',
      'affordabilityChallenge', 'challengeOutcome', 'preventionEffect', 'status',
    ]);
  });

  it('imports rows with quoted fields, lists and numbers', () => {
    const csv = 'id,name,provider,assetId,when,segmentIds,annualActivity,funding\r\n' +
      'svc-1,"Clinic, ""drop-in""",OUH,asset-1,"Mon 9-5\nWed 9-1",seg-a; seg-b,"1,200",recurrent\r\n' +
      'svc-2,Outreach,,,,,,unknown\r\n';
    const result = importCsv('service', csv);
    expect(result).toEqual({
      ok: true,
      records: [
        { id: 'svc-1', name: 'Clinic, "drop-in"', provider: 'OUH', assetId: 'asset-1', when: 'Mon 9-5\nWed 9-1', segmentIds: ['seg-a', 'seg-b'], annualActivity: 1200, funding: 'recurrent' },
        { id: 'svc-2', name: 'Outreach', segmentIds: [], funding: 'unknown' },
      ],
      lines: [2, 4],
    });
  });

  it('is all-or-nothing and names the row, line, column and problem of each error', () => {
    const csv = `${header}\nuc-1,Access,Growing lists,Hub,PCN,open\nuc-2,"Multi\nline",Why,,,closed\nuc-1,Dup,Why,,,open\n`;
    const result = importCsv('urgent-concern', csv);
    expect(result).toEqual({
      ok: false,
      errors: [
        { row: 2, line: 3, column: 'status', message: 'must be one of: open, in-hand, resolved' },
        { row: 3, line: 5, column: 'id', message: 'duplicate id "uc-1" (also on row 1)' },
      ],
      more: 0,
    });
  });

  it('reports numbers that are not numbers, and short or long rows', () => {
    const csv = 'id,year,population,source,assumptions\np1,twenty,100,ONS,\np2,2030,100\np3,2030,100,ONS,,extra\n';
    const result = importCsv('projection', csv);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { row: 1, line: 2, column: 'year', message: '"twenty" is not a number' },
      { row: 2, line: 3, column: 'source', message: 'the row has 3 values but the header has 5 columns' },
      { row: 3, line: 4, column: 'column 6', message: 'the row has 6 values but the header has 5 columns' },
    ]);
  });

  it('treats missing, unknown and duplicated header columns as errors', () => {
    const result = importCsv('need', 'id,segment,description,description\nn1,s1,x,x\n');
    expect(!result.ok && result.errors).toEqual([
      { row: 0, line: 1, column: 'segment', message: 'unknown column; expected id, segmentId, description' },
      { row: 0, line: 1, column: 'description', message: 'column appears more than once' },
      { row: 0, line: 1, column: 'segmentId', message: 'missing column' },
    ]);
    expect(importCsv('need', '')).toMatchObject({ ok: false, errors: [{ row: 0, column: '' }] });
  });

  it('reports parse errors with row and column', () => {
    const result = importCsv('need', 'id,segmentId,description\nn1,s1,ok\nn2,s1,"never closed\n');
    expect(!result.ok && result.errors).toEqual([
      { row: 2, line: 3, column: 'description', message: 'a quoted value is never closed (missing ")' },
    ]);
  });

  it('columns may come in any order', () => {
    expect(importCsv('need', 'description,id,segmentId\n"Care, closer",n1,s1\n')).toEqual({
      ok: true,
      records: [{ id: 'n1', segmentId: 's1', description: 'Care, closer' }],
      lines: [2],
    });
  });

  it('checks links when given the registers to link to', () => {
    const result = importCsv('need', 'id,segmentId,description\nn1,seg-ltc,ok\nn2,seg-nope,bad\n', { linkTargets: wantage() });
    expect(!result.ok && result.errors).toEqual([{ row: 2, line: 3, column: 'segmentId', message: 'no segment with id "seg-nope"' }]);
  });

  it('round-trips every register: export then import gives the same records', () => {
    const r = wantage();
    r.notMet.push({ id: 'nm-1', needId: 'need-ltc', reason: 'Needs "regional", not local, action;\r\nsee ICS plan' });
    r.urgentConcerns.push({ id: 'uc-2', what: '  leading spaces', whyUrgent: 'a,b', status: 'open' });
    for (const type of RECORD_TYPES as readonly RecordType[]) {
      const records = r[REGISTER_OF[type]];
      const csv = exportCsv(type, records as never);
      expect(csv.startsWith(csvColumns(type).join(',') + '\r\n')).toBe(true);
      expect([type, importCsv(type, csv)]).toEqual([type, { ok: true, records, lines: expect.any(Array) }]);
    }
  });

  it('exports quoting only where needed', () => {
    const csv = exportCsv('need', [{ id: 'n1', segmentId: 's1', description: 'He said "no", twice' }]);
    expect(csv).toBe('id,segmentId,description\r\nn1,s1,"He said ""no"", twice"\r\n');
  });

  it('counts lines of records holding CRLF, LF or CR in quotes', () => {
    const text = 'a,b\r\n"1\r\nx",2\r\n3,4\r\n"5\ny\rz",6\n7,8';
    expect(parseCsv(text).rows.map((r) => r.line)).toEqual([1, 2, 4, 5, 8]);
    // an error after such a record is on its true line
    expect(parseCsv('a,b\r\n"1\r\nx",2\r\n3,x"\r\n').errors).toEqual([{ line: 4, fieldIndex: 1, message: expect.stringContaining('quote inside') }]);
  });

  it('lists at most 100 problems and counts the rest; malformed quoting stops the parse after 100', () => {
    const header = csvColumns('urgent-concern').join(',');
    const malformed = importCsv('urgent-concern', `${header}\r\n${'a"\r\n'.repeat(64_000)}`);
    expect(malformed.ok).toBe(false);
    if (malformed.ok) return;
    expect(malformed.errors).toHaveLength(MAX_CSV_ERRORS);
    expect(malformed.more).toBeNull();
    expect(malformed.errors[0]).toEqual({ row: 1, line: 2, column: 'id', message: 'a quote inside an unquoted value (quote the whole value and double the quote)' });
    expect(malformed.errors[99]).toMatchObject({ row: 100, line: 101 });

    const invalid = importCsv('urgent-concern', `${header}\r\n${'uc,w,y,,,nope\r\n'.repeat(5000)}`);
    expect(!invalid.ok && invalid.errors).toHaveLength(MAX_CSV_ERRORS);
    // 5,000 bad statuses and 4,999 duplicate ids: 100 listed, the rest counted exactly
    expect(!invalid.ok && invalid.more).toBe(5000 + 4999 - MAX_CSV_ERRORS);
  });
});

describe('CSV formula injection (OWASP): neutralised on export, restored on import', () => {
  const dangerous = ['=HYPERLINK("http://evil.example","click")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A2)', '\tleading tab', '\rcarriage return', "'=already quoted", "''+twice", "'plain quote", 'safe text'];

  it('prefixes a single quote to cells starting with =, +, -, @, tab or CR', () => {
    expect(neutraliseCell('=1+2')).toBe("'=1+2");
    expect(neutraliseCell('+1')).toBe("'+1");
    expect(neutraliseCell('-2+3')).toBe("'-2+3");
    expect(neutraliseCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseCell('\tx')).toBe("'\tx");
    expect(neutraliseCell('\rx')).toBe("'\rx");
    expect(neutraliseCell("'=x")).toBe("''=x");
    expect(neutraliseCell("'x")).toBe("'x");
    expect(neutraliseCell('a=b')).toBe('a=b');
    for (const text of dangerous) expect(restoreCell(neutraliseCell(text))).toBe(text);
  });

  it('no exported cell opens as a formula, and the import reads back the original text', () => {
    const records = dangerous.map((what, i) => ({ id: `uc-${i}`, what, whyUrgent: what, owner: what, status: 'open' as const }));
    const csv = exportCsv('urgent-concern', records);
    const cells = parseCsv(csv).rows.slice(1).flatMap((r) => r.fields);
    for (const c of cells) expect(/^[=+\-@\t\r]/.test(c)).toBe(false);
    expect(importCsv('urgent-concern', csv)).toEqual({ ok: true, records, lines: expect.any(Array) });
  });

  it('list cells are neutralised as a whole; number cells (never negative here) are written as numbers', () => {
    const csv = exportCsv('good-practice', [{ id: 'gp', title: '-title', kind: 'local', source: 's', needIds: ['=n1', 'n2'], concernIds: [] }] as never);
    expect(csv.split('\r\n')[1]).toBe("gp,'-title,local,s,,'=n1;n2,");
    const segments = exportCsv('segment', [{ id: 's', model: 'm', name: 'n', people: 0, sharePercent: 12.5, trend: 'stable' }]);
    expect(segments.split('\r\n')[1]).toBe('s,m,n,0,12.5,stable');
  });
});
