import { TestApp } from './support/test-app';

/**
 * Every project command accepts expectedVersion: stage-6 and people commands included. A stale
 * one is refused with 409 VersionConflict, recorded as refused, and changes nothing; the current
 * one lets the command go on to its own rules.
 */
describe('expectedVersion on every project command (e2e)', () => {
  let t: TestApp;
  const slug = 'versions';
  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject(slug);
  });
  afterAll(async () => {
    await t.stop();
  });

  const base = `/api/projects/${slug}`;
  const version = async () => (await t.as('pm').get(base).expect(200)).body.version as number;
  const member = { name: 'Jo Bloggs', organisation: 'Healthwatch Oxfordshire', organisationType: 'healthwatch', roleInGroup: 'Member' };

  type Call = [label: string, send: (v: number) => Promise<{ status: number; body: { error?: string } }>, afterCurrent: number];
  const calls = (memberId: string): Call[] => [
    ['add a group member', (v) => t.as('pm').post(`${base}/groups/stakeholder-group/members`).send({ ...member, expectedVersion: v }), 201],
    ['change a group member', (v) => t.as('pm').patch(`${base}/groups/stakeholder-group/members/${memberId}`).send({ roleInGroup: 'Chair', expectedVersion: v }), 200],
    ['remove a group member', (v) => t.as('pm').delete(`${base}/groups/stakeholder-group/members/${memberId}?expectedVersion=${v}`), 200],
    ['comment', (v) => t.as('pm').post(`${base}/stages/planning-and-codesign/comments`).send({ text: 'A comment', expectedVersion: v }), 201],
    ['assign the manager', (v) => t.as('admin').put(`${base}/manager`).send({ userId: t.user('pm').id, expectedVersion: v }), 200],
    // stage 6 has not started: with the current version the command reaches its stage rule (409 refused, not 400)
    ['create an option', (v) => t.as('pm').post(`${base}/options`).send({ title: 'Do minimum', kind: 'do-minimum', expectedVersion: v }), 409],
    ['record quick wins', (v) => t.as('pm').put(`${base}/quick-wins`).send({ noneIdentified: true, expectedVersion: v }), 409],
    ['write the strategic case', (v) => t.as('pm').put(`${base}/business-case/strategic`).send({ existingArrangements: 'Two practices', expectedVersion: v }), 409],
    ['mark a case complete', (v) => t.as('pm').post(`${base}/business-case/strategic/status`).send({ status: 'complete', expectedVersion: v }), 409],
    ['record assurance', (v) => t.as('pm').put(`${base}/service-change-assurance`).send({ bedsClose: false, expectedVersion: v }), 409],
    ['delete an option', (v) => t.as('pm').delete(`${base}/options/none?expectedVersion=${v}`), 409],
  ];

  it('refuses a stale version with VersionConflict (recorded, nothing changed) and takes the current one', async () => {
    const added = await t.as('pm').post(`${base}/groups/stakeholder-group/members`).send(member).expect(201);
    for (const [label, send, expected] of calls(added.body.member.id)) {
      const current = await version();
      const stale = await send(current - 1);
      expect([label, stale.status, stale.body.error]).toEqual([label, 409, 'VersionConflict']);
      expect(await version()).toBe(current);
      const last = (await t.history(slug)).at(-1)!;
      expect([label, last.outcome, last.payload.expectedVersion]).toEqual([label, 'refused', current - 1]);
      const ok = await send(current);
      expect([label, ok.status, ok.body.error]).toEqual([label, expected, expected === 409 ? 'CommandRefused' : undefined]);
      if (expected !== 409) expect((ok.body as { entry?: { resultingState: { version: number } } }).entry?.resultingState.version).toBe(current + 1);
    }
  });

  it('refuses an expectedVersion that is not a whole number of at least 1 with 400', async () => {
    const res = await t.as('pm').post(`${base}/groups/stakeholder-group/members`).send({ ...member, expectedVersion: 'seven' }).expect(400);
    expect(JSON.stringify(res.body)).toMatch(/expectedVersion/);
    await t.as('pm').put(`${base}/quick-wins`).send({ noneIdentified: true, expectedVersion: 0 }).expect(400);
  });
});
