import { TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

const STAGE1 = 'planning-and-codesign';
const STAGE2 = 'population-health-and-care-needs';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n', 'latin1');

/** Evidence files on the stage and register record pages, as a browser without JS; and Excel's Windows-1252 CSV through the upload page. */
describe('web pages: evidence files and CSV encodings', () => {
  let t: TestApp;
  const as = async (who: string) => {
    const web = new WebClient(t);
    const res = await web.signIn(t.user(who).email, t.user(who).password);
    if (res.status !== 303) throw new Error(`sign in ${who}: ${res.status}`);
    return web;
  };
  /** The form whose action starts with `path`, as the page wrote it (with its CSRF token and version). */
  const actionOf = (html: string, path: string) => new RegExp(`action="(${path.replace(/[/.]/g, '\\$&')}\\?_csrf=[^"]+)"`).exec(html)![1].replace(/&amp;/g, '&');

  beforeAll(async () => {
    t = await TestApp.start({ UPLOAD_LIMIT_BYTES: '4096' });
    await t.createProject('files-web');
    await t.prepareStage('files-web', STAGE1);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a deliverable: upload through the form, listed with a download link; refused types and sizes say why at the field', async () => {
    const pm = await as('pm');
    const stagePage = `/projects/files-web/stages/${STAGE1}`;
    const page = await pm.get(stagePage);
    expect(page.text).toContain('Attach a file to');
    expect(page.text).toContain('PDF, Word (.doc, .docx), Excel (.xls, .xlsx), CSV, OpenDocument (.odt, .ods, .odp), PNG or JPEG, up to 4 KB.');
    const path = `/projects/files-web/stages/${STAGE1}/deliverables/confirm-scope/files`;
    const action = actionOf(page.text, path);
    const upload = (bytes: Buffer, name: string, url = action) => t.http().post(url).set('Cookie', pm.cookieHeader!).attach('file', bytes, name);

    expect((await upload(PDF, 'scope.pdf', path)).status).toBe(403); // no CSRF token
    const done = await upload(PDF, 'scope.pdf');
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`${stagePage}#deliverable-confirm-scope`);
    // (the flash travels in the 303's session cookie, which this raw request does not keep)
    const after = await pm.get(stagePage);
    const link = /href="(\/files\/[0-9a-f-]+)" download>scope\.pdf/.exec(after.text)![1];
    const download = await t.http().get(link).set('Cookie', pm.cookieHeader!);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="scope\.pdf"/);
    // the signed-out browser gets the sign-in page, not the file
    const anonymous = await t.http().get(link);
    expect(anonymous.status).not.toBe(200);
    expect(anonymous.headers['content-disposition']).toBeUndefined();

    const html = await upload(Buffer.from('<html><script>alert(1)</script></html>'), 'notes.csv', actionOf(after.text, path));
    expect(html.status).toBe(400);
    expect(html.text).toContain('There is a problem');
    expect(html.text).toContain('href="#file-confirm-scope"');
    expect(html.text).toMatch(/The selected file looks like a web page or other markup \(HTML, SVG or XML\)\. The accepted types are PDF/);
    const big = await upload(Buffer.concat([PDF, Buffer.alloc(8000, 0x20)]), 'big.pdf', actionOf(after.text, path));
    expect(big.status).toBe(413);
    expect(big.text).toContain('The file must be 4 KB or smaller');
    expect((await t.as('pm').get(`/api/${path.slice(1)}`)).body.items.map((f: { filename: string }) => f.filename)).toEqual(['scope.pdf']);

    // remove: recorded, gone from the list, flash says the history keeps it
    const listed = await pm.get(stagePage);
    const fileId = link.split('/').pop()!;
    const removed = await pm.post(`/projects/files-web/files/${fileId}/remove`, { back: `${stagePage}#deliverable-confirm-scope`, expectedVersion: /name="expectedVersion" value="(\d+)"/.exec(listed.text)![1] });
    expect(removed.status).toBe(303);
    expect((await pm.get(stagePage)).text).toContain('scope.pdf was removed');
    expect((await t.as('pm').get(`/api/${path.slice(1)}`)).body.items).toEqual([]);
    expect((await t.history('files-web')).at(-1)).toMatchObject({ type: 'FILE_REMOVED', outcome: 'accepted' });
  });

  it('readers see the files but no upload form', async () => {
    await t.as('pm').post(`/api/projects/files-web/stages/${STAGE1}/deliverables/confirm-scope/files`).attach('file', PDF, 'terms.pdf').expect(201);
    const stakeholder = await as('stakeholder');
    const page = await stakeholder.get(`/projects/files-web/stages/${STAGE1}`);
    expect(page.text).toContain('terms.pdf');
    expect(page.text).not.toContain('Attach a file to');
    expect(page.text).not.toMatch(/files\/[0-9a-f-]+\/remove/);
  });

  it('a register record: its page lists its files and takes new ones', async () => {
    await t.submitAndApprove('files-web', STAGE1);
    await t.as('pm').post('/api/projects/files-web/registers/urgent-concerns').send({ id: 'uc-web', what: 'Flooded surgery', whyUrgent: 'Closed', status: 'open' }).expect(201);
    const pm = await as('pm');
    const recordPage = `/projects/files-web/stages/${STAGE2}/registers/urgent-concerns/records/uc-web`;
    const page = await pm.get(recordPage);
    expect(page.status).toBe(200);
    expect(page.text).toContain('No files attached.');
    const res = await t.http().post(actionOf(page.text, `${recordPage}/files`)).set('Cookie', pm.cookieHeader!).attach('file', PDF, 'flood-report.pdf');
    expect(res.status).toBe(303);
    expect((await pm.get(recordPage)).text).toMatch(/href="\/files\/[0-9a-f-]+" download>flood-report\.pdf/);
  });

  it("the CSV upload page imports Excel's Windows-1252 file with its en dashes and pound signs, and refuses a file in neither encoding", async () => {
    const pm = await as('pm');
    const base = `/projects/files-web/stages/${STAGE2}/registers/urgent-concerns`;
    const page = await pm.get(base);
    const action = /action="([^"]+\/import\?_csrf=[^"]+)"/.exec(page.text)![1].replace(/&amp;/g, '&');
    const text = 'id,what,whyUrgent,action,owner,status\r\nuc-1252,Rent up £40 – from April,Budget – £1.2m gap,,,open\r\n';
    const windows1252 = Buffer.from([...text].map((c) => ({ '£': 0xa3, '–': 0x96 })[c] ?? c.charCodeAt(0)));
    const upload = (bytes: Buffer) => t.http().post(action).set('Cookie', pm.cookieHeader!).field('mode', 'append').attach('csvFile', bytes, { filename: 'concerns.csv', contentType: 'text/csv' });
    expect((await upload(windows1252)).status).toBe(303);
    const record = (await t.as('pm').get('/api/projects/files-web/registers/urgent-concerns/uc-1252').expect(200)).body;
    expect(record).toMatchObject({ what: 'Rent up £40 – from April', whyUrgent: 'Budget – £1.2m gap' });
    const neither = await upload(Buffer.concat([Buffer.from('id,what\r\nuc-x,'), Buffer.from([0x8f, 0x90]), Buffer.from('\r\n')]));
    expect(neither.status).toBe(400);
    expect(neither.text).toContain('The file must be saved as UTF-8 (with or without a byte order mark) or Windows-1252');
  });
});
