import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import * as CFB from 'cfb';
import { zipSync } from 'fflate';
import * as iconv from 'iconv-lite';
import { STAGE_KEYS } from '../../workflows';
import { TestApp } from './support/test-app';

/**
 * Issue 10, item 4: evidence files. Every accepted type is built here as a small real file and
 * uploaded through the API; renamed programs and markup are refused; the bytes are kept by their
 * SHA-256 beside the database and the history entry carries that hash; removal is recorded and
 * keeps the bytes; downloads go through the project's access rules and never render inline.
 */

// ---- small real files of each accepted type ----

function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]); // 1x1, 8-bit RGB
  const pixels = deflateSync(Buffer.from([0, 0x00, 0x5e, 0xb8])); // filter byte + one NHS-blue pixel
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** The smallest baseline JPEG (1x1 grey), as cameras and scanners write the format. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n', 'latin1');

const text = (s: string) => new TextEncoder().encode(s);

function ooxml(folder: 'word' | 'xl', main: string, part: string): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': text(
        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${folder}/${part}" ContentType="${main}"/></Types>`,
      ),
      '_rels/.rels': text(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${folder}/${part}"/></Relationships>`),
      [`${folder}/${part}`]: text('<?xml version="1.0"?><document/>'),
    }),
  );
}

const DOCX = ooxml('word', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', 'document.xml');
const XLSX = ooxml('xl', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'workbook.xml');

/** ODF: the `mimetype` entry first and stored uncompressed, as the standard requires. */
const odf = (mimetype: string) => Buffer.from(zipSync({ mimetype: [text(mimetype), { level: 0 }], 'content.xml': text('<office:document-content/>'), 'META-INF/manifest.xml': text('<manifest/>') }));

function ole2(stream: string): Buffer {
  const container = CFB.utils.cfb_new();
  CFB.utils.cfb_add(container, `/${stream}`, Buffer.from('office 97-2003 stream'));
  return Buffer.from(CFB.write(container, { type: 'buffer' }) as Buffer);
}

/** Excel's plain "CSV" on Windows: Windows-1252, with an en dash (0x96) and pound signs (0xA3). */
const CSV_1252 = Buffer.from([...'need,cost\r\nFrailty – older people,\u00a3120\r\n'].map((c) => (c === '–' ? 0x96 : c.charCodeAt(0))));

const ACCEPTED: Array<[string, Buffer, string, string]> = [
  ['needs-pack.pdf', PDF, 'application/pdf', 'needs-pack.pdf'],
  ['map.png', png(), 'image/png', 'map.png'],
  ['site-visit.jpeg', JPEG, 'image/jpeg', 'site-visit.jpeg'],
  ['minutes.docx', DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'minutes.docx'],
  ['costs.xlsx', XLSX, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'costs.xlsx'],
  ['notes.odt', odf('application/vnd.oasis.opendocument.text'), 'application/vnd.oasis.opendocument.text', 'notes.odt'],
  ['survey.ods', odf('application/vnd.oasis.opendocument.spreadsheet'), 'application/vnd.oasis.opendocument.spreadsheet', 'survey.ods'],
  ['slides.odp', odf('application/vnd.oasis.opendocument.presentation'), 'application/vnd.oasis.opendocument.presentation', 'slides.odp'],
  ['old-minutes.doc', ole2('WordDocument'), 'application/msword', 'old-minutes.doc'],
  ['old-costs.xls', ole2('Workbook'), 'application/vnd.ms-excel', 'old-costs.xls'],
  ['costs.csv', CSV_1252, 'text/csv', 'costs.csv'],
  // the name does not decide the type: a PDF called .png is kept as a PDF, its name given the right ending
  ['scan.png', PDF, 'application/pdf', 'scan.png.pdf'],
];

const REFUSED: Array<[string, Buffer, RegExp]> = [
  ['report.pdf', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]), /program \(ELF\)/],
  ['minutes.docx', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(120), Buffer.from('This program cannot be run in DOS mode.')]), /Windows program/],
  ['data.csv', Buffer.from('#!/bin/sh\nrm -rf /\n'), /script/],
  ['data.csv', Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'), /web page or other markup/],
  ['map.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'), /web page or other markup/],
  ['pack.docx', Buffer.from(zipSync({ 'readme.txt': text('not an office file') })), /zip archive/],
  ['slides.pptx', ooxml('word', 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml', 'presentation.xml'), /Office file of another kind/],
  ['deck.ppt', ole2('PowerPoint Document'), /Office 97-2003 file of another kind/],
  ['costs.csv', Buffer.from([0x61, 0x2c, 0x81, 0x0d, 0x0a]), /neither a known document nor text/],
  ['empty.pdf', Buffer.alloc(0), /empty/],
];

/** The response body as bytes, whatever its content type. */
function binary(req: import('supertest').Test) {
  return req.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

describe('evidence files (e2e)', () => {
  let t: TestApp;
  const slug = 'evidence';
  const stage1 = 'planning-and-codesign';
  const deliverable = 'confirm-scope';
  const filesUrl = `/api/projects/${slug}/stages/${stage1}/deliverables/${deliverable}/files`;
  const filesFolder = () => join(dirname(t.databasePath), 'files');
  const stored = (sha256: string) => join(filesFolder(), sha256.slice(0, 2), sha256);

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject(slug);
    await t.prepareStage(slug, stage1); // the stakeholder and the clinician join its groups
    await t.createProject('elsewhere', {});
  });
  afterAll(async () => {
    await t.stop();
  });

  const state = async (project = slug) => ({
    version: (await t.as('pm').get(`/api/projects/${project}`).expect(200)).body.version,
    history: (await t.as('pm').get(`/api/projects/${project}/history?limit=1`).expect(200)).body.total,
  });

  it.each(ACCEPTED)('attaches %s, typed from its content, kept under its SHA-256', async (name, bytes, contentType, filename) => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const res = await t.as('pm').post(filesUrl).attach('file', bytes, { filename: name, contentType: 'application/octet-stream' }).expect(201);
    expect(res.body).toMatchObject({ id: expect.any(String), filename, contentType, size: bytes.length, sha256 });
    // the bytes on disk hash to what the answer and the history say
    expect(createHash('sha256').update(readFileSync(stored(sha256))).digest('hex')).toBe(sha256);
    const download = await binary(t.as('stakeholder').get(`/api/files/${res.body.id}`));
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body as Buffer, bytes)).toBe(0);
    expect(download.headers['content-type']).toBe(contentType);
    expect(download.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${filename.replace(/\./g, '\\.')}"`));
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  });

  it('a Windows-1252 CSV as Excel saves it is detected as CSV and comes back byte for byte', async () => {
    const list = (await t.as('pm').get(filesUrl).expect(200)).body.items as Array<{ filename: string; id: string }>;
    const csv = list.find((f) => f.filename === 'costs.csv')!;
    const res = await binary(t.as('pm').get(`/api/files/${csv.id}`));
    expect(res.headers['content-type']).toBe('text/csv');
    expect(Buffer.compare(res.body as Buffer, CSV_1252)).toBe(0);
    // the same bytes import into a register with the en dash and the pound sign intact (csv-import-bounds tests the register side)
    expect(iconv.decode(res.body as Buffer, 'windows-1252')).toBe('need,cost\r\nFrailty – older people,£120\r\n');
  });

  it.each(REFUSED)('refuses %s holding something else with 400 naming the accepted types, and changes nothing', async (name, bytes, seen) => {
    const before = await state();
    const res = await t.as('pm').post(filesUrl).attach('file', bytes, name).expect(400);
    expect(res.body.message).toContain('PDF, Word (.doc, .docx), Excel (.xls, .xlsx), CSV, OpenDocument (.odt, .ods, .odp), PNG or JPEG');
    expect(res.body.fields).toEqual([{ field: 'file', message: expect.stringMatching(seen) }]);
    expect(await state()).toEqual(before);
  });

  it('answers 400 without a file, with another field name, or with a JSON body', async () => {
    await t.as('pm').post(filesUrl).field('note', 'no file').expect(400);
    await t.as('pm').post(filesUrl).attach('document', PDF, 'a.pdf').expect(400);
    const json = await t.as('pm').post(filesUrl).send({ file: 'x' }).expect(400);
    expect(json.body.fields[0].field).toBe('file');
    // the other API routes still refuse multipart bodies
    await t.as('pm').put(`/api/projects/${slug}/stages/${stage1}/deliverables/${deliverable}`).attach('file', PDF, 'a.pdf').expect(415);
  });

  it('the history entry carries the SHA-256 and the whole row, and the chain still verifies', async () => {
    const res = await t.as('pm').post(`${filesUrl}?expectedVersion=${(await state()).version}`).attach('file', png(), 'chain.png').expect(201);
    const entry = (await t.history(slug)).find((e) => e.type === 'FILE_ATTACHED' && e.payload.id === res.body.id)!;
    expect(entry).toMatchObject({ outcome: 'accepted', stage: stage1 });
    expect(entry.payload).toMatchObject({
      sha256: res.body.sha256,
      filename: 'chain.png',
      contentType: 'image/png',
      size: res.body.size,
      target: { kind: 'deliverable', stage: stage1, deliverable },
      attachment: { id: res.body.id, sha256: res.body.sha256, targetKind: 'deliverable', targetKey: deliverable, attachedAt: entry.occurredAt, removedAt: null },
    });
    const verification = (await t.as('auditor').get(`/api/projects/${slug}/history/verification`).expect(200)).body;
    expect(verification.valid).toBe(true);
    // a stale expectedVersion is refused and recorded, nothing attached
    const stale = await t.as('pm').post(`${filesUrl}?expectedVersion=1`).attach('file', PDF, 'late.pdf').expect(409);
    expect(stale.body.error).toBe('VersionConflict');
  });

  it('removal is a recorded command; the bytes stay and the history still downloads them', async () => {
    const added = await t.as('pm').post(filesUrl).attach('file', Buffer.from('to,remove\r\n1,2\r\n'), 'remove-me.csv').expect(201);
    const before = await state();
    const removed = await t.as('pm').delete(`/api/projects/${slug}/files/${added.body.id}?expectedVersion=${before.version}`).expect(200);
    expect(removed.body.file).toMatchObject({ id: added.body.id, removedBy: 'Pat Manager' });
    expect(await state()).toEqual({ version: before.version + 1, history: before.history + 1 });
    const entry = (await t.history(slug)).find((e) => e.type === 'FILE_REMOVED')!;
    expect(entry.payload).toMatchObject({ id: added.body.id, sha256: added.body.sha256, before: { removedAt: null }, attachment: { removedAt: entry.occurredAt } });
    const listed = (await t.as('pm').get(filesUrl).expect(200)).body.items.map((f: { id: string }) => f.id);
    expect(listed).not.toContain(added.body.id);
    expect(existsSync(stored(added.body.sha256))).toBe(true);
    await t.as('auditor').get(`/api/files/${added.body.id}`).expect(200);
    // twice: refused and recorded
    const again = await t.as('pm').delete(`/api/projects/${slug}/files/${added.body.id}`).expect(409);
    expect(again.body.blockers[0].code).toBe('FILE_ALREADY_REMOVED');
    // only the manager removes a deliverable's files (the one write-window rule)
    const other = await t.as('pm').post(filesUrl).attach('file', PDF, 'keep.pdf').expect(201);
    const refused = await t.as('stakeholder').delete(`/api/projects/${slug}/files/${other.body.id}`).expect(409);
    expect(refused.body.blockers[0].code).toBe('ROLE_NOT_ALLOWED');
    await t.as('pm').delete(`/api/projects/${slug}/files/no-such-file`).expect(404);
  });

  it('downloads only for those who may read the project, and nothing for a signed-out caller', async () => {
    const file = await t.as('pm').post(filesUrl).attach('file', PDF, 'private.pdf').expect(201);
    await t.as('outsider').get(`/api/files/${file.body.id}`).expect(403);
    await t.as('pm2').get(`/api/files/${file.body.id}`).expect(403);
    await t.http().get(`/api/files/${file.body.id}`).expect(401);
    await t.http().get('/api/files/no-such-file').expect(401);
    await t.as('outsider').get('/api/files/no-such-file').expect(404);
    for (const who of ['pm', 'stakeholder', 'clinician', 'auditor', 'admin']) await t.as(who).get(`/api/files/${file.body.id}`).expect(200);
    // and the list is the project's like any other read
    await t.as('outsider').get(filesUrl).expect(403);
    await t.http().get(filesUrl).expect(401);
  });

  it('a deliverable of an approved stage takes no file until the stage is reopened', async () => {
    await t.submitAndApprove(slug, stage1);
    const before = await state();
    const refused = await t.as('pm').post(filesUrl).attach('file', PDF, 'after.pdf').expect(409);
    expect(refused.body.blockers[0].code).toBe('STAGE_APPROVED');
    const after = await state();
    expect(after).toEqual({ version: before.version, history: before.history + 1 });
    expect((await t.history(slug)).at(-1)).toMatchObject({ type: 'FILE_ATTACHED', outcome: 'refused', payload: { filename: 'after.pdf', sha256: createHash('sha256').update(PDF).digest('hex') } });
    await t.as('pm').post(`/api/projects/${slug}/stages/${stage1}/reopen`).send({ reason: 'The scope changed after the board met.' }).expect(201);
    await t.as('pm').post(filesUrl).attach('file', PDF, 'after.pdf').expect(201);
    await t.submitAndApprove(slug, stage1);
  });

  it('attaches to a register record, checking the record exists', async () => {
    const concerns = `/api/projects/${slug}/registers/urgent-concerns`;
    await t.as('pm').post(concerns).send({ id: 'uc-evidence', what: 'Flooded surgery', whyUrgent: 'Closed', status: 'open' }).expect(201);
    const res = await t.as('pm').post(`${concerns}/uc-evidence/files`).attach('file', JPEG, 'flood.jpg').expect(201);
    expect(res.body.target).toEqual({ kind: 'register-record', stage: 'population-health-and-care-needs', register: 'urgent-concerns', recordId: 'uc-evidence' });
    expect((await t.as('stakeholder').get(`${concerns}/uc-evidence/files`).expect(200)).body.items.map((f: { id: string }) => f.id)).toEqual([res.body.id]);
    await t.as('pm').post(`${concerns}/no-such-record/files`).attach('file', JPEG, 'flood.jpg').expect(404);
    await t.as('stakeholder').post(`${concerns}/uc-evidence/files`).attach('file', JPEG, 'flood.jpg').expect(403);
  });

  it('attaches to a review comment, by its author only', async () => {
    const stage2 = 'population-health-and-care-needs';
    const comment = await t.as('stakeholder').post(`/api/projects/${slug}/stages/${stage2}/comments`).send({ text: 'The needs pack is attached.' }).expect(201);
    const id = comment.body.comment.id;
    const url = `/api/projects/${slug}/stages/${stage2}/comments/${id}/files`;
    const res = await t.as('stakeholder').post(url).attach('file', DOCX, 'needs-pack.docx').expect(201);
    expect(res.body.target).toEqual({ kind: 'review-comment', stage: stage2, commentId: id });
    await t.as('clinician').post(url).attach('file', DOCX, 'needs-pack.docx').expect(403);
    await t.as('outsider').post(url).attach('file', DOCX, 'needs-pack.docx').expect(403);
    expect((await t.as('clinician').get(url).expect(200)).body.items).toHaveLength(1);
    await t.as('stakeholder').post(`/api/projects/${slug}/stages/${stage2}/comments/999999/files`).attach('file', DOCX, 'x.docx').expect(404);
    await t.as('stakeholder').post(`/api/projects/${slug}/stages/${stage2}/comments/abc/files`).attach('file', DOCX, 'x.docx').expect(400);
  });

  it('attaches to a business case section once stage 6 is under way', async () => {
    const early = await t.as('pm').post(`/api/projects/${slug}/business-case/strategic/files`).attach('file', XLSX, 'case.xlsx').expect(409);
    expect(early.body.blockers[0].code).toBe('STAGE_NOT_STARTED');
    await t.as('pm').post(`/api/projects/${slug}/business-case/invented/files`).attach('file', XLSX, 'case.xlsx').expect(400);
    const run = 'evidence-case';
    await t.createProject(run);
    for (const stage of STAGE_KEYS.slice(0, 5)) {
      await t.prepareStage(run, stage);
      await t.submitAndApprove(run, stage);
    }
    const res = await t.as('pm').post(`/api/projects/${run}/business-case/financial/files`).attach('file', XLSX, 'affordability.xlsx').expect(201);
    expect(res.body.target).toEqual({ kind: 'business-case-section', stage: 'development-of-options', section: 'financial' });
    expect((await t.as('auditor').get(`/api/projects/${run}/business-case/financial/files`).expect(200)).body.items).toHaveLength(1);
    expect((await t.as('auditor').get(`/api/projects/${run}/history/verification`).expect(200)).body.valid).toBe(true);
  });
});

describe('evidence files over the configured limit (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ UPLOAD_LIMIT_BYTES: '2048' });
    await t.createProject('small-limit');
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers 413 naming the limit, and records nothing', async () => {
    const url = '/api/projects/small-limit/stages/planning-and-codesign/deliverables/confirm-scope/files';
    const history = (await t.as('pm').get('/api/projects/small-limit/history?limit=1').expect(200)).body.total;
    const big = Buffer.concat([PDF, Buffer.alloc(4096, 0x20)]);
    const res = await t.as('pm').post(url).attach('file', big, 'big.pdf').expect(413);
    expect(res.body).toMatchObject({ error: 'PayloadTooLarge', limitBytes: 2048 });
    expect(res.body.message).toContain('2 KB');
    expect((await t.as('pm').get('/api/projects/small-limit/history?limit=1').expect(200)).body.total).toBe(history);
    // at the limit exactly: accepted
    await t.as('pm').post(url).attach('file', Buffer.concat([PDF, Buffer.alloc(2048 - PDF.length, 0x20)]), 'exact.pdf').expect(201);
  });
});

describe('evidence files on PostgreSQL (e2e)', () => {
  const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `e2e_files_${Date.now().toString(36)}`;
  let admin: import('pg').Client;
  let t: TestApp;

  beforeAll(async () => {
    const { Client } = await import('pg');
    admin = new Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    t = await TestApp.start({ DATABASE_TYPE: 'postgres', DATABASE_URL: `${SERVER}?options=${encodeURIComponent(`-c search_path=${schema}`)}` });
    await t.createProject('pg-files');
  });
  afterAll(async () => {
    await t?.stop();
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
  });

  it('attaches, lists, downloads and removes the same way', async () => {
    const url = '/api/projects/pg-files/stages/planning-and-codesign/deliverables/confirm-scope/files';
    const added = await t.as('pm').post(url).attach('file', DOCX, 'minutes.docx').expect(201);
    expect(added.body).toMatchObject({ size: DOCX.length, sha256: createHash('sha256').update(DOCX).digest('hex') });
    expect((await t.as('pm').get(url).expect(200)).body.items).toHaveLength(1);
    const download = await binary(t.as('pm').get(`/api/files/${added.body.id}`));
    expect(Buffer.compare(download.body as Buffer, DOCX)).toBe(0);
    await t.as('pm').delete(`/api/projects/pg-files/files/${added.body.id}`).expect(200);
    expect((await t.as('pm').get(url).expect(200)).body.items).toEqual([]);
    expect((await t.as('auditor').get('/api/projects/pg-files/history/verification').expect(200)).body.valid).toBe(true);
  });
});
