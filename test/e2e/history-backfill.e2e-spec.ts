import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../src/database/migrations';
import { HistoryChain1764000500000 } from '../../src/database/migrations/1764000500000-HistoryChain';
import { runVerify } from '../../src/history/verify-cli';

/** A database written before the hash chain: the migration hashes its entries in order. */
describe('history chain migration on an existing database (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phw-backfill-'));
  const database = join(dir, 'old.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('backfills the hashes and the project head, so the old history verifies and a later edit is caught', async () => {
    const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(HistoryChain1764000500000));
    const old = new DataSource({ type: 'better-sqlite3', database, migrations: before });
    await old.initialize();
    await old.runMigrations();
    const now = '2025-06-01T09:00:00.000Z';
    await old.query(
      'INSERT INTO project (id, slug, name, scope, area, districts, pcns, snapshot, machineVersion, version, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ['p-old', 'old-project', 'Old project', 'town', null, '[]', '[]', '{}', 1, 3, now, now],
    );
    const entries = [
      ['PROJECT_CREATED', null, '{"slug":"old-project","name":"Old project"}', 'accepted', null],
      ['DELIVERABLE_UPDATED', 'planning-and-codesign', '{"deliverable":"confirm-scope","status":"done","evidence":"Minutes"}', 'accepted', null],
      ['APPROVE_STAGE', 'planning-and-codesign', '{}', 'refused', '[{"code":"GATE","message":"Not yet"}]'],
    ];
    for (const [i, [type, stage, payload, outcome, blockers]] of entries.entries()) {
      await old.query(
        'INSERT INTO history_entry (projectId, sequence, occurredAt, type, stage, payload, outcome, blockers, resultingState, actorId, actorName) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ['p-old', i + 1, now, type, stage, payload, outcome, blockers, '{"status":"active","version":1,"stages":{}}', null, 'Pat'],
      );
    }
    await old.query("INSERT INTO deliverable_record (id, projectId, stage, deliverable, status, evidence, updatedAt) VALUES ('d1', 'p-old', 'planning-and-codesign', 'confirm-scope', 'done', 'Minutes', ?)", [now]);
    await old.destroy();

    const current = new DataSource({ type: 'better-sqlite3', database, migrations: MIGRATIONS });
    await current.initialize();
    await current.runMigrations();
    const [project] = await current.query("SELECT headSequence, headHash FROM project WHERE id = 'p-old'");
    const hashes = await current.query("SELECT hash FROM history_entry WHERE projectId = 'p-old' ORDER BY sequence");
    expect(project.headSequence).toBe(3);
    expect(project.headHash).toBe(hashes[2].hash);
    expect(hashes.every((h: { hash: string }) => /^[0-9a-f]{64}$/.test(h.hash))).toBe(true);
    await current.destroy();

    const report = await runVerify({ database }, {});
    expect(report.projects).toEqual([expect.objectContaining({ slug: 'old-project', valid: true, entries: 3, headSequence: 3 })]);

    // the legacy creation entry says only slug and name: the rest of the row is not guessed, but
    // what the history does say (identity, head) is still compared
    expect(report.projects[0].records.notRebuildable).toEqual(['project']);
    expect(report.projects[0].records.checked).toContain('deliverable');
    const tamper = new DataSource({ type: 'better-sqlite3', database });
    await tamper.initialize();
    await tamper.query("UPDATE project SET name = 'Renamed quietly' WHERE id = 'p-old'");
    const renamed = await runVerify({ database }, {});
    expect(renamed).toMatchObject({ ok: false, projects: [{ slug: 'old-project', valid: false, firstInvalidSequence: 2 }] });
    expect(renamed.projects[0].reason).toContain('project old-project differs in name from what entry 2 saved');
    await tamper.query("UPDATE project SET name = 'Old project' WHERE id = 'p-old'");
    expect((await runVerify({ database }, {})).ok).toBe(true);
    await tamper.query("UPDATE history_entry SET occurredAt = '2025-06-02T09:00:00.000Z' WHERE projectId = 'p-old' AND sequence = 2");
    await tamper.destroy();
    const broken = await runVerify({ database }, {});
    expect(broken).toMatchObject({ ok: false, projects: [{ slug: 'old-project', valid: false, firstInvalidSequence: 2 }] });
  });
});
