import { MAX_CSV_ERRORS } from '../../workflows/registers';
import { TestApp } from './support/test-app';

/**
 * Issue 12, defect 1: a malformed import used to rescan every row per error (quadratic) inside
 * the write queue, answering after 66 s with 8.4 MB while /api/health waited. Now it is parsed
 * linearly before the command, stops after MAX_CSV_ERRORS problems and answers in a bounded size.
 */
describe('CSV import of a hostile file (e2e)', () => {
  let t: TestApp;
  const slug = 'csv-bounds';
  const url = `/api/projects/${slug}/registers/urgent-concerns/import`;
  const header = 'id,what,whyUrgent,action,owner,status\r\n';

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject(slug);
    await t.prepareStage(slug, 'planning-and-codesign');
    await t.submitAndApprove(slug, 'planning-and-codesign');
  });
  afterAll(async () => {
    await t.stop();
  });

  const state = async () => ({
    version: (await t.as('pm').get(`/api/projects/${slug}`).expect(200)).body.version,
    history: (await t.as('pm').get(`/api/projects/${slug}/history?limit=1`).expect(200)).body.total,
    records: (await t.as('pm').get(`/api/projects/${slug}/registers/urgent-concerns`).expect(200)).body.items.length,
  });

  it('header then `a"` x 64,000: 400 listing at most 100 problems in a bounded body, health answers alongside, nothing changes', async () => {
    const before = await state();
    const body = header + 'a"\r\n'.repeat(64_000);
    expect(body.length).toBeGreaterThan(250_000);
    const [imported, health, second] = await Promise.all([
      t.as('pm').post(url).set('content-type', 'text/csv').send(body),
      t.http().get('/api/health'),
      t.as('pm').post(url).set('content-type', 'text/csv').send(body),
    ]);
    expect(health.status).toBe(200);
    for (const res of [imported, second]) {
      expect(res.status).toBe(400);
      expect(res.body.rows).toHaveLength(MAX_CSV_ERRORS);
      expect(res.body.moreProblems).toBeNull();
      expect(res.body.message).toMatch(/more than 100 problems \(checking stopped there/);
      expect(res.body.rows[0]).toEqual({ row: 1, line: 2, column: 'id', message: expect.stringContaining('quote inside an unquoted value') });
      expect(res.text.length).toBeLessThan(32 * 1024);
    }
    expect(await state()).toEqual(before);
  });

  it('20,000 well-formed rows with bad values: 100 problems listed and the rest counted, in a bounded body', async () => {
    const before = await state();
    const rows = Array.from({ length: 20_000 }, (_, i) => `uc-${i},What,Why,,,not-a-status\r\n`).join('');
    const res = await t.as('pm').post(url).set('content-type', 'text/csv').send(header + rows).expect(400);
    expect(res.body.rows).toHaveLength(MAX_CSV_ERRORS);
    expect(res.body.moreProblems).toBe(20_000 - MAX_CSV_ERRORS);
    expect(res.body.message).toContain(`20000 problems (the first 100 are listed, and ${20_000 - MAX_CSV_ERRORS} more)`);
    expect(res.text.length).toBeLessThan(32 * 1024);
    expect(await state()).toEqual(before);
  });

  it('a large good file imports in one command, one history entry', async () => {
    const before = await state();
    const rows = Array.from({ length: 5_000 }, (_, i) => `uc-${i},"What, ${i}",Why,,,open\r\n`).join('');
    const res = await t.as('pm').post(url).set('content-type', 'text/csv').send(header + rows).expect(200);
    expect(res.body).toMatchObject({ created: 5_000, total: 5_000 });
    const after = await state();
    expect(after).toEqual({ version: before.version + 1, history: before.history + 1, records: 5_000 });
  });

  it('a link to a missing record is found inside the command and reported with its line', async () => {
    const res = await t.as('pm')
      .post(`/api/projects/${slug}/registers/needs/import`)
      .set('content-type', 'text/csv')
      .send('id,segmentId,description\r\nn1,"seg\r\nnope",x\r\n')
      .expect(400);
    expect(res.body.rows).toEqual([{ row: 1, line: 2, column: 'segmentId', message: expect.stringContaining('no segment with id') }]);
  });

  it('an export neutralises formulas and imports back to the same text (defect 2)', async () => {
    const texts = ['=HYPERLINK("http://evil.example","x")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A2)', '\tTabbed', "'=quoted"];
    await t.as('pm').post(`/api/projects/${slug}/registers/urgent-concerns/import?mode=replace`).set('content-type', 'text/csv').send(header).expect(200);
    const concerns = `/api/projects/${slug}/registers/urgent-concerns`;
    for (const [i, what] of texts.entries()) {
      await t.as('pm').post(concerns).send({ id: `f-${i}`, what, whyUrgent: what, status: 'open' }).expect(201);
    }
    const exported = await t.as('pm').get(`${concerns}/export`).expect(200);
    const lines = exported.text.split('\r\n').slice(1, -1);
    expect(lines[0]).toBe(`f-0,"'=HYPERLINK(""http://evil.example"",""x"")","'=HYPERLINK(""http://evil.example"",""x"")",,,open`);
    for (const line of lines) expect(line.split(',').slice(1).some((cell) => /^"?[=+\-@\t]/.test(cell))).toBe(false);
    await t.as('pm').post(`${concerns}/import?mode=replace`).set('content-type', 'text/csv').send(exported.text).expect(200);
    const items = (await t.as('pm').get(concerns).expect(200)).body.items as Array<{ what: string }>;
    expect(items.map((r) => r.what)).toEqual(texts);
  });

  it('reads the charset the file declares, tells UTF-8 from Windows-1252 when none is declared, and refuses a file in neither', async () => {
    const concerns = `/api/projects/${slug}/registers/urgent-concerns`;
    const text = `${header}enc-1,Café closes in £ terms,“Smart quotes” – and €,,,open\r\n`;
    // Windows-1252 bytes: é = E9, £ = A3, “ ” = 93 94, – = 96, € = 80
    const windows1252 = Buffer.from(
      [...text].map((c) => ({ é: 0xe9, '£': 0xa3, '“': 0x93, '”': 0x94, '–': 0x96, '€': 0x80 })[c] ?? c.charCodeAt(0)),
    );
    await t.as('pm').post(`${concerns}/import?mode=replace`).set('content-type', 'text/csv; charset=windows-1252').send(windows1252).expect(200);
    const items = (await t.as('pm').get(concerns).expect(200)).body.items as Array<{ what: string; whyUrgent: string }>;
    expect(items.map((r) => [r.what, r.whyUrgent])).toEqual([['Café closes in £ terms', '“Smart quotes” – and €']]);
    // the same bytes with no charset (Excel's plain "CSV" as a browser or curl sends it): detected as Windows-1252
    await t.as('pm').post(`${concerns}/import?mode=replace`).set('content-type', 'text/csv').send(windows1252).expect(200);
    const again = (await t.as('pm').get(concerns).expect(200)).body.items as Array<{ what: string; whyUrgent: string }>;
    expect(again.map((r) => [r.what, r.whyUrgent])).toEqual([['Café closes in £ terms', '“Smart quotes” – and €']]);

    const before = await state();
    // 0x81 and 0x9D are defined in neither UTF-8 (as lone bytes) nor Windows-1252
    const neither = Buffer.concat([Buffer.from(`${header}enc-2,`), Buffer.from([0x81, 0x9d]), Buffer.from(',x,,,open\r\n')]);
    const refused = await t.as('pm').post(`${concerns}/import`).set('content-type', 'text/csv').send(neither).expect(400);
    expect(refused.body.message).toMatch(/UTF-8 \(with or without a byte order mark\) or Windows-1252/);
    expect(refused.body.fields).toEqual([{ field: 'body', message: expect.stringContaining('neither UTF-8 nor Windows-1252') }]);
    const unknown = await t.as('pm').post(`${concerns}/import`).set('content-type', 'text/csv; charset=klingon').send(Buffer.from(header)).expect(400);
    expect(unknown.body.fields[0].field).toBe('content-type');
    // UTF-8 with Excel's BOM is read as before
    await t.as('pm').post(`${concerns}/import?mode=replace`).set('content-type', 'text/csv; charset=utf-8').send(Buffer.from(`\ufeff${text}`, 'utf8')).expect(200);
    expect(await state()).toEqual({ ...before, version: before.version + 1, history: before.history + 1 });
  });
});
