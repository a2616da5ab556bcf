import { STAGE_KEYS } from '../../workflows';
import { TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

const STAGE1 = 'planning-and-codesign';
const STAGE2 = 'population-health-and-care-needs';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n', 'latin1');

/** Evidence files on the stage, register record, review and business case pages, as a browser without JS; and Excel's Windows-1252 CSV through the upload page. */
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

  it("a review comment: its author attaches and removes files on the review page; refusals say why at the field; others only see the list", async () => {
    const reviewPage = `/projects/files-web/reviews/${STAGE2}`;
    const stakeholder = await as('stakeholder');
    await stakeholder.get(reviewPage);
    expect((await stakeholder.post(`${reviewPage}/comments`, { text: 'The needs pack is attached.' })).status).toBe(303);
    const page = await stakeholder.get(reviewPage);
    const commentId = /<li id="comment-(\d+)"><strong>Sue Stakeholder<\/strong>/.exec(page.text)![1];
    const path = `${reviewPage}/comments/${commentId}/files`;
    expect(page.text).toContain('Attach a file to your comment of');
    expect(page.text).toContain('up to 4 KB.');
    const upload = (bytes: Buffer, name: string, url: string) => t.http().post(url).set('Cookie', stakeholder.cookieHeader!).attach('file', bytes, name);

    expect((await upload(PDF, 'needs-pack.pdf', path)).status).toBe(403); // no CSRF token
    const done = await upload(PDF, 'needs-pack.pdf', actionOf(page.text, path));
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`${reviewPage}#comment-${commentId}`);
    const after = await stakeholder.get(reviewPage);
    const link = /href="(\/files\/[0-9a-f-]+)" download>needs-pack\.pdf/.exec(after.text)![1];
    expect(after.text).toMatch(/needs-pack\.pdf<span class="nhsuk-u-visually-hidden"> \(download\)<\/span><\/a>\s*<br><span class="nhsuk-u-font-size-16">\d+ bytes, added by Sue Stakeholder on \d+ \w+ \d{4}<\/span>/);
    // the API lists the same file: page and API read the one service
    expect((await t.as('clinician').get(`/api/projects/files-web/stages/${STAGE2}/comments/${commentId}/files`).expect(200)).body.items.map((f: { filename: string }) => f.filename)).toEqual(['needs-pack.pdf']);

    const html = await upload(Buffer.from('<html><script>alert(1)</script></html>'), 'notes.pdf', actionOf(after.text, path));
    expect(html.status).toBe(400);
    expect(html.text).toContain('There is a problem');
    expect(html.text).toContain(`href="#file-comment-${commentId}"`);
    expect(html.text).toContain(`id="file-comment-${commentId}"`);
    expect(html.text).toMatch(/The selected file looks like a web page or other markup/);
    const big = await upload(Buffer.concat([PDF, Buffer.alloc(8000, 0x20)]), 'big.pdf', actionOf(after.text, path));
    expect(big.status).toBe(413);
    expect(big.text).toContain('The file must be 4 KB or smaller');
    expect(big.text).toContain(`href="#file-comment-${commentId}"`);
    // a form from before someone else changed the project: refused (409), nothing attached
    await t.as('pm').post(`/api/projects/files-web/stages/${STAGE2}/comments`).send({ text: 'Thank you.' }).expect(201);
    const stale = await upload(PDF, 'late.pdf', actionOf(after.text, path));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('someone else changed it first');

    // another group member and an auditor see the file, with no form and no Remove button on this comment
    for (const who of ['clinician', 'auditor']) {
      const reader = await (await as(who)).get(reviewPage);
      expect(reader.status).toBe(200);
      expect(reader.text).toContain('needs-pack.pdf');
      expect(reader.text).not.toContain(`comments/${commentId}/files`);
      expect(reader.text).not.toMatch(/files\/[0-9a-f-]+\/remove/);
    }
    // the API refuses them too
    await t.as('clinician').post(`/api/projects/files-web/stages/${STAGE2}/comments/${commentId}/files`).attach('file', PDF, 'x.pdf').expect(403);

    const listed = await stakeholder.get(reviewPage);
    const fileId = link.split('/').pop()!;
    expect(listed.text).toContain(`action="/projects/files-web/files/${fileId}/remove"`);
    const removed = await stakeholder.post(`/projects/files-web/files/${fileId}/remove`, { back: `${reviewPage}#comment-${commentId}`, expectedVersion: /name="expectedVersion" value="(\d+)"/.exec(listed.text)![1] });
    expect(removed.status).toBe(303);
    expect(removed.headers.location).toBe(`${reviewPage}#comment-${commentId}`);
    const gone = await stakeholder.get(reviewPage);
    expect(gone.text).toContain('needs-pack.pdf was removed');
    expect(gone.text).not.toMatch(/download>needs-pack\.pdf/);
    expect((await t.history('files-web')).at(-1)).toMatchObject({ type: 'FILE_REMOVED', outcome: 'accepted' });
  });

  it('a business case section: the programme manager attaches and removes files on the business case page; a closed window says why at the field; readers see no forms', async () => {
    await t.createProject('files-case');
    for (const stage of STAGE_KEYS.slice(0, 5)) {
      await t.prepareStage('files-case', stage);
      await t.submitAndApprove('files-case', stage);
    }
    const casePage = '/projects/files-case/business-case';
    const path = `${casePage}/financial/files`;
    const pm = await as('pm');
    const page = await pm.get(casePage);
    expect(page.status).toBe(200);
    for (const c of ['strategic', 'economic', 'commercial', 'financial', 'management']) expect(page.text).toContain(`id="file-${c}"`);
    expect(page.text).toContain('Attach a file to the financial case');
    const upload = (bytes: Buffer, name: string, url: string) => t.http().post(url).set('Cookie', pm.cookieHeader!).attach('file', bytes, name);

    expect((await upload(PDF, 'affordability.pdf', path)).status).toBe(403); // no CSRF token
    const done = await upload(PDF, 'affordability.pdf', actionOf(page.text, path));
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`${casePage}#case-financial`);
    const after = await pm.get(casePage);
    const financial = after.text.slice(after.text.indexOf('id="case-financial"'), after.text.indexOf('id="case-management"'));
    expect(financial).toMatch(/href="\/files\/[0-9a-f-]+" download>affordability\.pdf/);
    expect(financial).toContain('added by Pat Manager on');
    expect((await t.as('auditor').get(`/api/projects/files-case/business-case/financial/files`).expect(200)).body.items.map((f: { filename: string }) => f.filename)).toEqual(['affordability.pdf']);

    const exe = await upload(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]), 'costs.xlsx', actionOf(after.text, path));
    expect(exe.status).toBe(400);
    expect(exe.text).toContain('href="#file-financial"');
    expect(exe.text).toContain("The selected file looks like a Windows program (EXE or DLL). The accepted types are PDF");
    const big = await upload(Buffer.concat([PDF, Buffer.alloc(8000, 0x20)]), 'big.pdf', actionOf(after.text, path));
    expect(big.status).toBe(413);
    expect(big.text).toContain('The file must be 4 KB or smaller');

    // a reader sees the list, no forms
    const stakeholder = await (await as('stakeholder')).get(casePage);
    expect(stakeholder.text).toContain('affordability.pdf');
    expect(stakeholder.text).not.toContain('Attach a file to');
    expect(stakeholder.text).not.toMatch(/files\/[0-9a-f-]+\/remove/);

    // remove
    const fileId = /href="\/files\/([0-9a-f-]+)" download>affordability\.pdf/.exec(after.text)![1];
    const listed = await pm.get(casePage);
    const removed = await pm.post(`/projects/files-case/files/${fileId}/remove`, { back: `${casePage}#case-financial`, expectedVersion: /name="expectedVersion" value="(\d+)"/.exec(listed.text)![1] });
    expect(removed.status).toBe(303);
    expect((await pm.get(casePage)).text).toContain('affordability.pdf was removed');
    expect((await t.as('pm').get(`/api/projects/files-case/business-case/financial/files`).expect(200)).body.items).toEqual([]);

    // the project goes on hold: the page offers no form, and a form kept open from before is refused at the field (409)
    const open = await pm.get(casePage);
    const kept = actionOf(open.text, path).replace(/&expectedVersion=\d+/, '');
    expect((await t.event('files-case', { type: 'PUT_ON_HOLD', reason: 'Waiting for the funding decision' })).status).toBe(201);
    const held = await pm.get(casePage);
    expect(held.text).not.toContain('Attach a file to');
    expect(held.text).not.toMatch(/files\/[0-9a-f-]+\/remove/);
    const refused = await upload(PDF, 'late.pdf', kept);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('The file was not attached');
    expect(refused.text).toContain('href="#file-financial"');
    expect(refused.text).toContain('id="file-financial"');
    expect(refused.text).toContain('the project is on hold');
    expect((await t.as('pm').get(`/api/projects/files-case/business-case/financial/files`).expect(200)).body.items).toEqual([]);
    expect((await t.history('files-case')).at(-1)).toMatchObject({ type: 'FILE_ATTACHED', outcome: 'refused' });
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
