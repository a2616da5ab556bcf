import { TestApp } from './support/test-app';

/**
 * Every operation the API documents, called with hostile and random input by a signed-in
 * programme manager on a project of their own: whatever the input, the answer is a 4xx or a
 * success, never a 500, and the service keeps serving. Seeded, so a failure reproduces.
 */
function prng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const STRANGE_VALUES: unknown[] = [
  null,
  '',
  ' ',
  'x'.repeat(5000),
  -1,
  0,
  1e308,
  -1e308,
  3.5,
  true,
  [],
  [null],
  {},
  { nested: { deeper: [1, 'two', null] } },
  '2023-02-30',
  '9999-99-99',
  '<script>alert(1)</script>',
  "'; DROP TABLE project; --",
  '__proto__',
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
  'planning-and-codesign',
  'SUBMIT_FOR_REVIEW',
  'approve',
  '\u0000\uffff',
];

const FIELD_NAMES = ['id', 'name', 'slug', 'scope', 'type', 'stage', 'reason', 'status', 'evidence', 'expectedVersion', 'decision', 'comment', 'title', 'kind', 'people', 'year', 'costs', 'benefits', 'discountRate', 'periodYears', 'scores', 'proposalIds', 'needIds', 'filter', 'preferred', 'registeredPopulation', 'userId', 'email', 'password', 'role', 'text', 'tests', 'consultation', '__proto__'];

describe('hostile input (e2e)', () => {
  let t: TestApp;
  const slug = 'hostile';

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject(slug);
    await t.prepareStage(slug, 'planning-and-codesign');
    await t.submitAndApprove(slug, 'planning-and-codesign');
  });
  afterAll(async () => {
    await t.stop();
  });

  it('never answers 500 and keeps serving, for every documented operation', async () => {
    const spec = (await t.http().get('/api/docs/openapi.json').expect(200)).body;
    const random = prng(20191122);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const pathValues = [slug, 'planning-and-codesign', 'population-health-and-care-needs', 'segments', 'proposals', 'strategic', 'stakeholder-group', 'x', '..%2F..', '%00', 'a'.repeat(300), 'nonexistent'];
    const failures: string[] = [];
    let calls = 0;

    for (const [template, operations] of Object.entries<Record<string, unknown>>(spec.paths)) {
      for (const method of Object.keys(operations)) {
        for (let round = 0; round < 6; round++) {
          const url = template.replace(/\{[^}]+\}/g, (name) => (name === '{slug}' && round % 2 === 0 ? slug : encodeURIComponent(pick(pathValues))));
          const body: Record<string, unknown> = {};
          for (let i = 0; i < 1 + Math.floor(random() * 4); i++) body[pick(FIELD_NAMES)] = pick(STRANGE_VALUES);
          let req = t.as('pm')[method as 'get' | 'post' | 'put' | 'patch' | 'delete'](`${url}?limit=${pick(['-1', '0', 'abc', '100000', '5'])}&format=${pick(['html', 'csv', 'xml', ''])}`);
          if (method !== 'get' && method !== 'delete') {
            if (round === 5) req = req.set('content-type', 'application/json').send('{"unterminated": ');
            else if (round === 4) req = req.set('content-type', 'application/json').send(JSON.stringify(pick(STRANGE_VALUES)) ?? 'null');
            else req = req.send(body);
          }
          const res = await req;
          calls++;
          // signing out is a documented operation too: sign back in to carry on
          if (res.status === 204 && template === '/api/auth/logout') await t.signIn('pm', t.user('pm').email, t.user('pm').password);
          if (res.status >= 500) failures.push(`${method.toUpperCase()} ${url} ${JSON.stringify(body).slice(0, 200)} -> ${res.status} ${res.text.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(200);
    await t.http().get('/api/health').expect(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // the project is still readable and consistent
    const history = await t.history(slug);
    expect(history.map((h) => h.sequence)).toEqual(history.map((_, i) => i + 1));
  });
});
