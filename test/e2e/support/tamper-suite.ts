import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, entryHash, RECORD_KINDS } from '../../../workflows';
import { filesFolderFor, runVerify, VerifyOptions } from '../../../src/history/verify-cli';
import { TestApp } from './test-app';

const STAGE1 = 'planning-and-codesign';
const STAGE2 = 'population-health-and-care-needs';

type Row = Record<string, any>;

/** Direct access to the service's database, as someone holding it would have (`?` placeholders, quoted names). */
export interface RawDb {
  verifyOptions: VerifyOptions;
  run(sql: string, params?: unknown[]): Promise<void>;
  get<T = Row>(sql: string, params?: unknown[]): Promise<T>;
  all<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

type Verification = {
  valid: boolean;
  entries: number;
  headSequence: number;
  headHash: string | null;
  firstInvalidSequence?: number;
  reason?: string;
  checkpoint: { sequence: number; headHash: string; signature: string } | null;
  records: { checked: string[]; notRebuildable: string[] };
  files: { checked: number; missing: unknown[]; altered: unknown[] } | null;
};

const COLUMNS = '"projectId", "sequence", "occurredAt", "type", "stage", "payload", "outcome", "blockers", "resultingState", "actorId", "actorName", "hash"';

/**
 * Tampering done the way someone holding the database would: SQL straight on it, then the
 * service's verification endpoint and the stand-alone `npm run verify` must both name the
 * project and the first bad sequence; an untouched project passes.
 */
export function tamperSuite(label: string, env: Record<string, string>, open: (t: TestApp) => Promise<RawDb>, cleanup?: () => Promise<void>) {
  describe(`accountability: tampering with the history on ${label} (e2e)`, () => {
    let t: TestApp;
    let db: RawDb;
    let options: VerifyOptions;

    beforeAll(async () => {
      t = await TestApp.start(env);
      db = await open(t);
      // the published public key, as a verifier outside the service would fetch it
      const key = await t.http().get('/api/history/public-key').expect(200);
      const file = join(t.dir, 'history-public-key.pem');
      writeFileSync(file, key.body.publicKey);
      options = { ...db.verifyOptions, publicKeyFile: file };
    });
    afterAll(async () => {
      await db?.close();
      await t?.stop();
      await cleanup?.();
    });

    /** A project taken through many kinds of command: groups, reviews, a stage decision, register writes, an import, a refusal, hold and resume. */
    async function scripted(slug: string): Promise<{ id: string; head: number }> {
      await t.createProject(slug);
      await t.prepareStage(slug, STAGE1);
      await t.submitAndApprove(slug, STAGE1);
      await t.prepareStage(slug, STAGE2);
      const reg = `/api/projects/${slug}/registers/projections`;
      await t.as('pm').post(reg).send({ id: 'proj-extra', year: 2031, population: 39000, source: 'ONS' }).expect(201);
      await t.as('pm').put(`${reg}/proj-extra`).send({ year: 2032, population: 39500, source: 'ONS 2022-based' }).expect(200);
      await t.as('pm').delete(`${reg}/proj-extra`).expect(200);
      const csv = 'id,year,population,source,assumptions\r\nproj-csv-1,2035,40100,District plan,Growth deal\r\nproj-csv-2,2040,41800,District plan,\r\n';
      const imported = await t.as('pm').post(`${reg}/import`).set('content-type', 'text/csv').send(csv);
      expect([imported.status, imported.body.message]).toEqual([200, undefined]);
      await t.event(slug, { type: 'RESUME' }).expect(409); // refused: recorded too
      await t.event(slug, { type: 'PUT_ON_HOLD', reason: 'Waiting for the ICB budget' }).expect(201);
      await t.event(slug, { type: 'RESUME' }).expect(201);
      const { id, headSequence } = await db.get<{ id: string; headSequence: number }>('SELECT "id", "headSequence" FROM "project" WHERE "slug" = ?', [slug]);
      return { id, head: Number(headSequence) };
    }

    async function verification(slug: string): Promise<Verification> {
      const res = await t.as('auditor').get(`/api/projects/${slug}/history/verification`);
      expect(res.status).toBe(200);
      return res.body;
    }

    async function cli(slug: string) {
      const report = await runVerify(options, {});
      return { report, project: report.projects.find((p) => p.slug === slug)! };
    }

    async function expectBroken(slug: string, sequence: number, reason: RegExp) {
      const v = await verification(slug);
      expect(v).toMatchObject({ valid: false, firstInvalidSequence: sequence });
      expect(v.reason).toMatch(reason);
      const { report, project } = await cli(slug);
      expect(report.ok).toBe(false);
      expect(project).toMatchObject({ valid: false, firstInvalidSequence: sequence });
    }

    const entry = (projectId: string, sequence: number) =>
      db.get(`SELECT "id", ${COLUMNS} FROM "history_entry" WHERE "projectId" = ? AND "sequence" = ?`, [projectId, sequence]);
    const insert = (values: unknown[]) => db.run(`INSERT INTO "history_entry" (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, values);

    it('an untampered history verifies, through the endpoint and npm run verify, with a signed checkpoint at each decision', async () => {
      const { id, head } = await scripted('untouched');
      const history = await t.history('untouched');
      const v = await verification('untouched');
      expect(v).toMatchObject({ valid: true, entries: history.length, headSequence: head });
      expect(v.headHash).toBe(history.at(-1)!.hash);
      expect(v.firstInvalidSequence).toBeUndefined();
      // RESUME is a stage decision: the checkpoint pins the head
      expect(v.checkpoint).toMatchObject({ sequence: head, headHash: v.headHash });
      expect(v.records.checked.sort()).toEqual([...RECORD_KINDS].sort());
      const key = await t.http().get('/api/history/public-key').expect(200);
      expect(key.body).toMatchObject({ algorithm: 'Ed25519', publicKey: expect.stringContaining('BEGIN PUBLIC KEY') });
      // the highlight report and the project print the latest checkpoint
      const report = await t.as('pm').get('/api/projects/untouched/highlight-report').expect(200);
      expect(report.body.historyCheckpoint).toMatchObject({ sequence: head, headHash: v.headHash, keyId: key.body.keyId });
      const markdown = await t.as('pm').get('/api/projects/untouched/highlight-report?format=markdown').expect(200);
      expect(markdown.text).toContain('## Signed history checkpoint');
      expect(markdown.text).toContain(v.headHash!);
      const detail = await t.as('pm').get('/api/projects/untouched').expect(200);
      expect(detail.body.history).toMatchObject({ headSequence: head, headHash: v.headHash, latestCheckpoint: { sequence: head } });
      // one checkpoint per stage decision (the approval of stage 1, the hold and the resume), each at its own entry
      const decisions = history.filter((h) => h.outcome === 'accepted' && ['APPROVE_STAGE', 'PUT_ON_HOLD', 'RESUME'].includes(h.type)).map((h) => h.sequence);
      const signed = await db.all<{ sequence: number }>('SELECT "sequence" FROM "history_checkpoint" WHERE "projectId" = ? ORDER BY "sequence"', [id]);
      expect(signed.map((c) => Number(c.sequence))).toEqual(decisions);
      const { project } = await cli('untouched');
      expect(project).toMatchObject({ valid: true, entries: history.length, headSequence: head });
      // the JSON columns are stored as canonical JSON, so the verifier hashes them as they are
      const stored = await db.all<{ payload: string; resultingState: string }>('SELECT "payload", "resultingState" FROM "history_entry" WHERE "projectId" = ?', [id]);
      for (const row of stored) {
        expect(row.payload).toBe(canonicalJson(JSON.parse(row.payload)));
        expect(row.resultingState).toBe(canonicalJson(JSON.parse(row.resultingState)));
      }
      // entries carry complete events: the import records every row, the update what it replaced
      const imported = history.find((h) => h.type === 'REGISTER_IMPORTED')!;
      expect(imported.payload.records.map((r: { id: string }) => r.id)).toEqual(['proj-csv-1', 'proj-csv-2']);
      const updated = history.find((h) => h.type === 'REGISTER_RECORD_UPDATED')!;
      expect(updated.payload).toMatchObject({ before: { id: 'proj-extra', population: 39000 }, record: { id: 'proj-extra', population: 39500 } });
    });

    it('an edited field in any entry is reported at that entry', async () => {
      const { id } = await scripted('edited');
      await db.run('UPDATE "history_entry" SET "actorName" = ? WHERE "projectId" = ? AND "sequence" = 5', ['Someone Else', id]);
      await expectBroken('edited', 5, /entry 5 does not match its hash/);
    });

    it('an edited payload is reported at that entry', async () => {
      const { id, head } = await scripted('edited-payload');
      const target = head - 3;
      const row = await entry(id, target);
      const payload = JSON.parse(row.payload as string);
      await db.run('UPDATE "history_entry" SET "payload" = ? WHERE "id" = ?', [JSON.stringify({ ...payload, reason: 'quietly changed' }), row.id]);
      await expectBroken('edited-payload', target, new RegExp(`entry ${target} does not match`));
    });

    it('a deleted entry is reported at its sequence', async () => {
      const { id } = await scripted('deleted');
      await db.run('DELETE FROM "history_entry" WHERE "projectId" = ? AND "sequence" = 4', [id]);
      await expectBroken('deleted', 4, /entry 4 is missing/);
    });

    it('an entry inserted in the middle (the later ones renumbered) is reported where it went in', async () => {
      const { id } = await scripted('inserted');
      const rows = await db.all<{ id: number }>('SELECT "id" FROM "history_entry" WHERE "projectId" = ? AND "sequence" >= 6 ORDER BY "sequence" DESC', [id]);
      for (const r of rows) await db.run('UPDATE "history_entry" SET "sequence" = "sequence" + 1 WHERE "id" = ?', [r.id]);
      const copy = await entry(id, 5);
      await insert([id, 6, copy.occurredAt, 'DELIVERABLE_UPDATED', copy.stage, '{"deliverable":"forged","status":"done","evidence":"made up"}', 'accepted', null, copy.resultingState, copy.actorId, copy.actorName, copy.hash]);
      await expectBroken('inserted', 6, /entry 6 does not match its hash/);
    });

    it('an entry appended with a correct hash but beyond the project head is reported as inserted', async () => {
      const { id, head } = await scripted('appended');
      const last = await entry(id, head);
      const forged = {
        projectId: id,
        sequence: head + 1,
        occurredAt: new Date().toISOString(),
        type: 'DELIVERABLE_UPDATED',
        stage: STAGE2,
        payload: { deliverable: 'forged', status: 'done', evidence: 'made up' },
        outcome: 'accepted',
        blockers: null,
        resultingState: JSON.parse(last.resultingState as string),
        actorId: null,
        actorName: 'Nobody',
      };
      await insert([id, head + 1, forged.occurredAt, forged.type, forged.stage, JSON.stringify(forged.payload), 'accepted', null, last.resultingState, null, 'Nobody', entryHash(last.hash as string, forged)]);
      await expectBroken('appended', head + 1, /inserted/);
    });

    it('two entries swapped are reported at the first of them', async () => {
      const { id } = await scripted('reordered');
      const a = await entry(id, 7);
      const b = await entry(id, 8);
      await db.run('UPDATE "history_entry" SET "sequence" = -1 WHERE "id" = ?', [a.id]);
      await db.run('UPDATE "history_entry" SET "sequence" = 7 WHERE "id" = ?', [b.id]);
      await db.run('UPDATE "history_entry" SET "sequence" = 8 WHERE "id" = ?', [a.id]);
      await expectBroken('reordered', 7, /entry 7 does not match/);
    });

    it('a cut-off tail is reported against the project head, and against the signed checkpoint when the head was moved back too', async () => {
      const { id, head } = await scripted('cut');
      await db.run('DELETE FROM "history_entry" WHERE "projectId" = ? AND "sequence" > ?', [id, head - 2]);
      await expectBroken('cut', head - 1, /tail was cut off/);
      // covering the traces: the project's head rewritten to the new last entry
      const last = await entry(id, head - 2);
      await db.run('UPDATE "project" SET "headSequence" = ?, "headHash" = ? WHERE "id" = ?', [head - 2, last.hash, id]);
      await expectBroken('cut', head - 1, /signed checkpoint covers entries up to/);
    });

    it("a register record changed behind the history's back is reported, with the entry that last wrote it", async () => {
      const { id } = await scripted('record-edited');
      const history = await t.history('record-edited');
      const importSeq = history.find((h) => h.type === 'REGISTER_IMPORTED')!.sequence;
      const row = await db.get<{ id: string; data: string }>('SELECT "id", "data" FROM "register_record" WHERE "projectId" = ? AND "recordId" = ?', [id, 'proj-csv-2']);
      await db.run('UPDATE "register_record" SET "data" = ? WHERE "id" = ?', [JSON.stringify({ ...JSON.parse(row.data), population: 52000 }), row.id]);
      await expectBroken('record-edited', importSeq, /record table was changed outside the history.*projection proj-csv-2/);
    });

    it('a group member renamed or deleted in the table is reported, with the entry that added them', async () => {
      await scripted('member-edited');
      const history = await t.history('member-edited');
      const added = history.find((h) => h.type === 'GROUP_MEMBER_ADDED' && h.payload.group === 'stakeholder-group')!;
      await db.run('UPDATE "group_member" SET "name" = ? WHERE "id" = ?', ['Not who it was', added.payload.memberId]);
      await expectBroken('member-edited', added.sequence, /differs in name/);
      await db.run('DELETE FROM "group_member" WHERE "id" = ?', [added.payload.memberId]);
      await expectBroken('member-edited', added.sequence, /missing from the table/);
    });

    it("every other record table changed behind the history's back is reported, with the entry that last wrote the row; put back, it verifies again", async () => {
      const slug = 'tables-edited';
      const { id } = await scripted(slug);
      const base = `/api/projects/${slug}`;
      await t.as('pm').put(`${base}/stages/${STAGE2}/plan`).send({ targetDate: '2031-01-31' }).expect(200);
      await t.as('pm').post(`${base}/stages/${STAGE2}/comments`).send({ text: 'Projections checked' }).expect(201);
      await t.as('pm').put(`${base}/segment-coverage`).send({ shortfallReason: 'Care home residents' }).expect(200);
      const history = await t.history(slug);
      const last = (type: string) => history.filter((h) => h.type === type && h.outcome === 'accepted').at(-1)!.sequence;
      const lastAccepted = history.filter((h) => h.outcome === 'accepted').at(-1)!.sequence;
      expect((await verification(slug)).valid).toBe(true);

      /** One column of one row changed in SQL, reported, then put back. */
      const edits: Array<{ table: string; column: string; where: string; params: unknown[]; value: unknown; sequence: number; reason: RegExp }> = [
        { table: 'project', column: 'name', where: '"id" = ?', params: [id], value: 'Renamed in SQL', sequence: lastAccepted, reason: /project tables-edited differs in name/ },
        { table: 'project', column: 'snapshot', where: '"id" = ?', params: [id], value: JSON.stringify({ status: 'done', value: 'completed' }), sequence: lastAccepted, reason: /differs in snapshot/ },
        { table: 'project', column: 'managerUserId', where: '"id" = ?', params: [id], value: t.user('pm2').id, sequence: lastAccepted, reason: /differs in managerUserId/ },
        { table: 'stage_plan', column: 'targetDate', where: '"projectId" = ?', params: [id], value: '2035-01-01', sequence: last('STAGE_PLAN_SET'), reason: /stage plan population-health-and-care-needs differs in targetDate/ },
        { table: 'deliverable_record', column: 'evidence', where: '"projectId" = ? AND "deliverable" = ?', params: [id, 'confirm-scope'], value: 'Other evidence', sequence: history.find((h) => h.type === 'DELIVERABLE_UPDATED' && h.payload.deliverable === 'confirm-scope')!.sequence, reason: /deliverable planning-and-codesign\/confirm-scope differs in evidence/ },
        { table: 'review_decision', column: 'decision', where: '"projectId" = ?', params: [id], value: 'request-changes', sequence: last('REVIEW_DECISION_RECORDED') , reason: /review decision \d+ differs in decision/ },
        { table: 'review_round', column: 'outcome', where: '"projectId" = ?', params: [id], value: 'changes-requested', sequence: last('APPROVE_STAGE'), reason: /review round 1 of planning-and-codesign differs in outcome/ },
        { table: 'stage_comment', column: 'text', where: '"projectId" = ?', params: [id], value: 'Said something else', sequence: last('STAGE_COMMENT_ADDED'), reason: /comment \d+ differs in text/ },
        { table: 'register_setting', column: 'value', where: '"projectId" = ?', params: [id], value: 'Another reason', sequence: last('SEGMENT_COVERAGE_REASON_UPDATED'), reason: /register setting coverageShortfallReason differs in value/ },
      ];
      for (const edit of edits) {
        const rows = await db.all(`SELECT "id", "${edit.column}" AS "was" FROM "${edit.table}" WHERE ${edit.where}`, edit.params);
        // one row each where the statement picks several (decisions): the last one written
        const row = rows.at(-1)!;
        await db.run(`UPDATE "${edit.table}" SET "${edit.column}" = ? WHERE "id" = ?`, [edit.value, row.id]);
        try {
          if (edit.table === 'review_decision') {
            // the stage's two reviewers decided in two entries: the row edited is one of them
            const v = await verification(slug);
            expect(v.valid).toBe(false);
            expect(v.reason).toMatch(edit.reason);
          } else {
            await expectBroken(slug, edit.sequence, edit.reason);
          }
        } finally {
          await db.run(`UPDATE "${edit.table}" SET "${edit.column}" = ? WHERE "id" = ?`, [row.was, row.id]);
        }
        expect((await verification(slug)).valid).toBe(true);
      }

      // stage 6 rows the history never wrote: an option, a business case, an assurance record
      const at = new Date().toISOString();
      const inserts: Array<[string, string, unknown[], RegExp]> = [
        ['project_option', '("id", "projectId", "optionId", "position", "data", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)', ['00000000-0000-4000-8000-000000000001', id, 'forged', 1, '{"id":"forged"}', at, at], /option forged is in the table but not in the history/],
        ['business_case', '("id", "projectId", "data", "noQuickWins", "createdAt", "updatedAt") VALUES (?, ?, ?, FALSE, ?, ?)', ['00000000-0000-4000-8000-000000000002', id, '{}', at, at], /the business case is in the table but not in the history/],
        ['service_change_assurance', '("id", "projectId", "data", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?)', ['00000000-0000-4000-8000-000000000003', id, '{}', at, at], /assurance record is in the table but not in the history/],
      ];
      for (const [table, values, params, reason] of inserts) {
        await db.run(`INSERT INTO "${table}" ${values}`, params);
        const v = await verification(slug);
        expect(v.valid).toBe(false);
        expect(v.reason).toMatch(reason);
        const { project } = await cli(slug);
        expect(project.valid).toBe(false);
        await db.run(`DELETE FROM "${table}" WHERE "id" = ?`, [params[0]]);
      }
      expect((await verification(slug)).valid).toBe(true);
      // left broken for the whole-database check below
      await db.run('UPDATE "stage_plan" SET "targetDate" = ? WHERE "projectId" = ?', ['2035-01-01', id]);
    });

    it("an evidence file's attachment row changed behind the history's back, or its bytes deleted or altered on disk, is reported at the entry that attached it", async () => {
      const slug = 'file-tampered';
      await scripted(slug);
      // bytes no other test uploads (the store is content-addressed)
      const pdf = Buffer.from(`%PDF-1.4\n% ${slug} ${Date.now()}\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n`, 'latin1');
      const attached = await t.as('pm').post(`/api/projects/${slug}/stages/${STAGE2}/deliverables/key-leads/files`).attach('file', pdf, 'needs-leads.pdf').expect(201);
      const sequence = attached.body.entry.sequence as number;
      const v = await verification(slug);
      expect(v).toMatchObject({ valid: true, files: { checked: 1, missing: [], altered: [] } });
      expect(v.records.checked).toContain('attachment');
      expect((await cli(slug)).project).toMatchObject({ valid: true, files: { checked: 1 } });

      // the row, edited in SQL: reported, then put back
      const edits: Array<[string, unknown, RegExp]> = [
        ['filename', 'other.pdf', /attachment .* differs in filename from what entry \d+ saved/],
        ['sha256', '0'.repeat(64), /differs in sha256/],
        ['removedAt', new Date().toISOString(), /differs in removedAt/],
      ];
      for (const [column, value, reason] of edits) {
        const { was } = await db.get<{ was: unknown }>(`SELECT "${column}" AS "was" FROM "attachment" WHERE "id" = ?`, [attached.body.id]);
        await db.run(`UPDATE "attachment" SET "${column}" = ? WHERE "id" = ?`, [value, attached.body.id]);
        try {
          await expectBroken(slug, sequence, reason);
        } finally {
          await db.run(`UPDATE "attachment" SET "${column}" = ? WHERE "id" = ?`, [was, attached.body.id]);
        }
      }
      // a row the history never wrote
      const forged = { ...(await db.get(`SELECT * FROM "attachment" WHERE "id" = ?`, [attached.body.id])), id: '00000000-0000-4000-8000-0000000000f1' };
      const columns = Object.keys(forged);
      await db.run(`INSERT INTO "attachment" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, Object.values(forged));
      const v2 = await verification(slug);
      expect(v2.valid).toBe(false);
      expect(v2.reason).toMatch(/attachment 00000000-0000-4000-8000-0000000000f1 \(needs-leads.pdf\) is in the table but not in the history/);
      expect((await cli(slug)).project.valid).toBe(false);
      await db.run(`DELETE FROM "attachment" WHERE "id" = ?`, [forged.id]);
      expect((await verification(slug)).valid).toBe(true);

      // the bytes on disk: altered, then deleted, then put back
      const folder = filesFolderFor(options)!;
      const file = join(folder, attached.body.sha256.slice(0, 2), attached.body.sha256);
      const original = readFileSync(file);
      writeFileSync(file, Buffer.concat([original, Buffer.from('% appended\n')]));
      await expectBroken(slug, sequence, /evidence file "needs-leads.pdf" \(attachment [0-9a-f-]+\) was altered: its bytes no longer hash to the SHA-256/);
      expect((await cli(slug)).project.files).toMatchObject({ altered: [{ id: attached.body.id, sequence }] });
      rmSync(file);
      await expectBroken(slug, sequence, /evidence file "needs-leads.pdf" \(attachment [0-9a-f-]+\) is missing/);
      expect((await cli(slug)).project.files).toMatchObject({ missing: [{ id: attached.body.id, sequence }] });
      writeFileSync(file, original);
      expect((await verification(slug)).valid).toBe(true);
      expect((await cli(slug)).project.valid).toBe(true);
    });

    it('npm run verify names every broken project and passes the untouched one', async () => {
      const report = await runVerify(options, {});
      const broken = report.projects.filter((p) => !p.valid).map((p) => p.slug).sort();
      expect(broken).toEqual(['appended', 'cut', 'deleted', 'edited', 'edited-payload', 'inserted', 'member-edited', 'record-edited', 'reordered', 'tables-edited']);
      expect(report.projects.find((p) => p.slug === 'untouched')).toMatchObject({ valid: true });
      expect(report.publicKey).toBe(options.publicKeyFile);
    });
  });
}
