import Database from 'better-sqlite3';
import { operations, Operation } from '../../tools/fuzz/openapi';
import { TestApp } from './support/test-app';

/**
 * The access matrix, generated from the OpenAPI document: every documented operation must have a
 * rule here, so a new endpoint without one fails this test instead of passing silently. For each
 * operation and each identity, a forbidden request is refused (401 without a token, 403 with one)
 * and commits nothing; an allowed one gets past access control (whatever its answer to the empty
 * or placeholder input it is sent: 200, 400, 404, 409...). access.e2e-spec.ts checks the allowed
 * side with real bodies and full before/after state for the mutating commands.
 */
type Rule =
  /** anyone, signed in or not */
  | 'public'
  /** any signed-in account */
  | 'signed-in'
  | 'admin'
  | 'programme-manager'
  /** the project: its manager, its group members with accounts, auditors, admins */
  | 'read'
  /** the project's own programme manager */
  | 'manage'
  /** members with accounts of its stakeholder or clinical/professional group */
  | 'review'
  /** its programme manager and its group members with accounts */
  | 'contribute'
  /** admins and auditors (the account audit log) */
  | 'audit'
  /** admins and programme managers (invitations; a manager's own project is checked by the service) */
  | 'invite'
  /** a stage's discussion: its programme manager, its group members with accounts, admins */
  | 'discuss'
  /** the board's own decisions: board members and admins */
  | 'board';

const RULES: Record<string, Rule> = {
  'POST /api/auth/login': 'public',
  'GET /api/me': 'signed-in',
  'POST /api/users': 'admin',
  'GET /api/users': 'admin',
  'PATCH /api/users/{id}': 'admin',
  'GET /api/framework': 'public',
  'GET /api/pcns': 'public',
  'GET /api/health': 'public',
  'POST /api/projects': 'programme-manager',
  'GET /api/projects': 'signed-in',
  'GET /api/projects/{slug}': 'read',
  'PATCH /api/projects/{slug}': 'manage',
  'GET /api/projects/{slug}/workflow': 'read',
  'POST /api/projects/{slug}/workflow/events': 'manage',
  'PUT /api/projects/{slug}/stages/{stage}/deliverables/{deliverable}': 'manage',
  'GET /api/projects/{slug}/history': 'read',
  'GET /api/projects/{slug}/groups/{group}/members': 'read',
  'POST /api/projects/{slug}/groups/{group}/members': 'manage',
  'PATCH /api/projects/{slug}/groups/{group}/members/{memberId}': 'manage',
  'DELETE /api/projects/{slug}/groups/{group}/members/{memberId}': 'manage',
  'POST /api/projects/{slug}/stages/{stage}/reviews/decisions': 'review',
  'POST /api/projects/{slug}/stages/{stage}/comments': 'contribute',
  'GET /api/projects/{slug}/stages/{stage}/reviews': 'read',
  'GET /api/me/reviews': 'signed-in',
  'PUT /api/projects/{slug}/manager': 'admin',
  'GET /api/projects/{slug}/traceability': 'read',
  'GET /api/projects/{slug}/segment-coverage': 'read',
  'PUT /api/projects/{slug}/segment-coverage': 'manage',
  'GET /api/projects/{slug}/registers/{register}': 'read',
  'POST /api/projects/{slug}/registers/{register}': 'manage',
  'GET /api/projects/{slug}/registers/{register}/export': 'read',
  'POST /api/projects/{slug}/registers/{register}/import': 'manage',
  'GET /api/projects/{slug}/registers/{register}/{id}': 'read',
  'PUT /api/projects/{slug}/registers/{register}/{id}': 'manage',
  'DELETE /api/projects/{slug}/registers/{register}/{id}': 'manage',
  'GET /api/projects/{slug}/options': 'read',
  'POST /api/projects/{slug}/options': 'manage',
  'GET /api/projects/{slug}/options/{optionId}': 'read',
  'PATCH /api/projects/{slug}/options/{optionId}': 'manage',
  'DELETE /api/projects/{slug}/options/{optionId}': 'manage',
  'PUT /api/projects/{slug}/options/{optionId}/appraisal': 'manage',
  'GET /api/projects/{slug}/options/{optionId}/appraisal': 'read',
  'GET /api/projects/{slug}/appraisals': 'read',
  'GET /api/projects/{slug}/quick-wins': 'read',
  'PUT /api/projects/{slug}/quick-wins': 'manage',
  'GET /api/projects/{slug}/business-case': 'read',
  'GET /api/projects/{slug}/business-case/document': 'read',
  'PUT /api/projects/{slug}/business-case/strategic': 'manage',
  'PUT /api/projects/{slug}/business-case/economic': 'manage',
  'PUT /api/projects/{slug}/business-case/commercial': 'manage',
  'PUT /api/projects/{slug}/business-case/financial': 'manage',
  'PUT /api/projects/{slug}/business-case/management': 'manage',
  'POST /api/projects/{slug}/business-case/{case}/status': 'manage',
  'GET /api/projects/{slug}/service-change-assurance': 'read',
  'PUT /api/projects/{slug}/service-change-assurance': 'manage',
  'PUT /api/projects/{slug}/stages/{stage}/plan': 'manage',
  'GET /api/projects/{slug}/plan': 'read',
  'GET /api/portfolio': 'signed-in',
  'GET /api/projects/{slug}/highlight-report': 'read',
  'GET /api/health/ready': 'public',
  'POST /api/auth/logout': 'signed-in',
  'DELETE /api/users/{id}/sign-in-throttle': 'admin',
  'DELETE /api/sign-in-throttle/addresses/{address}': 'admin',
  'GET /api/projects/{slug}/history/verification': 'read',
  'GET /api/projects/{slug}/history.csv': 'read',
  'GET /api/projects/{slug}/decisions': 'read',
  'GET /api/history/public-key': 'public',
  'GET /api/audit-log': 'audit',
  'GET /api/audit-log/verification': 'audit',
  'POST /api/projects/{slug}/stages/{stage}/reopen': 'manage',
  'PUT /api/projects/{slug}/publication': 'manage',
  'POST /api/invitations': 'invite',
  'GET /api/invitations/{token}': 'public',
  'POST /api/invitations/{token}/accept': 'public',
  'POST /api/auth/password-reset': 'public',
  'POST /api/auth/password-reset/{token}': 'public',
  'GET /api/admin/outbox': 'admin',
  'POST /api/admin/outbox/{id}/retry': 'admin',
  'GET /api/me/notifications': 'signed-in',
  'POST /api/me/notifications/{id}/read': 'signed-in',
  'POST /api/projects/{slug}/stages/{stage}/deliverables/{deliverable}/files': 'manage',
  'GET /api/projects/{slug}/stages/{stage}/deliverables/{deliverable}/files': 'read',
  'POST /api/projects/{slug}/registers/{register}/{id}/files': 'manage',
  'GET /api/projects/{slug}/registers/{register}/{id}/files': 'read',
  'POST /api/projects/{slug}/stages/{stage}/comments/{commentId}/files': 'contribute',
  'GET /api/projects/{slug}/stages/{stage}/comments/{commentId}/files': 'read',
  'POST /api/projects/{slug}/business-case/{case}/files': 'manage',
  'GET /api/projects/{slug}/business-case/{case}/files': 'read',
  'DELETE /api/projects/{slug}/files/{fileId}': 'contribute',
  /** the file's project is checked by the service (a file of a project the caller is not on: 403; tested in evidence-files) */
  'GET /api/files/{id}': 'signed-in',
  'POST /api/me/notifications/read': 'signed-in',
  'GET /api/me/notification-preferences': 'signed-in',
  'PUT /api/me/notification-preferences': 'signed-in',
  // following changes only the caller's own choices: anyone who reads the project, auditors too
  'GET /api/projects/{slug}/follow': 'read',
  'PUT /api/projects/{slug}/follow': 'read',
  'DELETE /api/projects/{slug}/follow': 'read',
  'GET /api/projects/{slug}/stages/{stage}/discussion': 'read',
  'POST /api/projects/{slug}/stages/{stage}/discussion': 'discuss',
  'PATCH /api/projects/{slug}/stages/{stage}/discussion/{postId}': 'discuss',
  'DELETE /api/projects/{slug}/stages/{stage}/discussion/{postId}': 'discuss',
  'GET /api/projects/{slug}/board-decisions': 'read',
  'POST /api/projects/{slug}/stages/{stage}/board-decisions': 'board',
  'POST /api/projects/{slug}/business-case/board-decisions': 'board',
};

type Identity = 'anonymous' | 'admin' | 'auditor' | 'board' | 'pm' | 'pm2' | 'stakeholder' | 'clinician' | 'outsider';
const IDENTITIES: Identity[] = ['anonymous', 'admin', 'auditor', 'board', 'pm', 'pm2', 'stakeholder', 'clinician', 'outsider'];

/** Who each rule lets in, on the project `matrix` (run by pm; stakeholder and clinician are in its groups). */
const ALLOWED: Record<Rule, Identity[]> = {
  public: IDENTITIES,
  'signed-in': IDENTITIES.filter((i) => i !== 'anonymous'),
  admin: ['admin'],
  'programme-manager': ['pm', 'pm2'],
  read: ['admin', 'auditor', 'board', 'pm', 'stakeholder', 'clinician'],
  manage: ['pm'],
  review: ['stakeholder', 'clinician'],
  contribute: ['pm', 'stakeholder', 'clinician'],
  audit: ['admin', 'auditor'],
  invite: ['admin', 'pm', 'pm2'],
  discuss: ['admin', 'pm', 'stakeholder', 'clinician'],
  board: ['admin', 'board'],
};

describe('access matrix from the OpenAPI document (e2e)', () => {
  let t: TestApp;
  let ops: Operation[];
  let db: Database.Database;

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createProject('matrix');
    // forms the three groups, with the stakeholder and the clinician as members with accounts
    await t.prepareStage('matrix', 'planning-and-codesign');
    const document = (await t.http().get('/api/docs/openapi.json').expect(200)).body;
    ops = operations(document);
    db = new Database(t.databasePath, { readonly: true, fileMustExist: true });
  });
  afterAll(async () => {
    db?.close();
    await t.stop();
  });

  it('has a rule for every documented operation, and no rule for an operation that is gone', () => {
    const documented = ops.map((op) => op.key);
    expect(documented.filter((key) => !(key in RULES))).toEqual([]);
    expect(Object.keys(RULES).filter((key) => !documented.includes(key))).toEqual([]);
  });

  it('the document marks exactly the public operations as needing no token', () => {
    expect(ops.filter((op) => op.secured === (RULES[op.key] === 'public')).map((op) => op.key)).toEqual([]);
  });

  it('lets in exactly whom each rule names, and a refused request commits nothing', async () => {
    // ids that exist nowhere: an allowed request gets past access control without changing anything
    const values: Record<string, string> = {
      slug: 'matrix',
      stage: 'planning-and-codesign',
      deliverable: 'confirm-scope',
      group: 'stakeholder-group',
      memberId: '00000000-0000-4000-8000-000000000000',
      register: 'urgent-concerns',
      id: 'no-such-record',
      optionId: 'no-such-option',
      case: 'strategic',
      address: '192.0.2.1',
      token: 'no-such-token',
      commentId: '999999',
      fileId: 'no-such-file',
      postId: 'no-such-post',
    };
    const mismatches: string[] = [];
    let checked = 0;
    for (const op of ops) {
      const rule = RULES[op.key];
      if (!rule) continue;
      const url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (op.path.startsWith('/api/users/') ? t.user('outsider').id : values[name]));
      for (const who of IDENTITIES) {
        const allowed = ALLOWED[rule].includes(who);
        const before = db.pragma('data_version', { simple: true });
        const http = t.http();
        const method = op.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
        let req = http[method](url);
        if (who !== 'anonymous') req = req.set('Authorization', `Bearer ${t.user(who).token}`);
        if (op.body?.contentType === 'text/csv') req = req.set('Content-Type', 'text/csv').send('id\r\n');
        else if (op.method !== 'GET' && op.method !== 'DELETE') req = req.send({});
        const res = await req;
        checked++;
        // signing out revokes the caller's token: sign back in to carry on
        if (op.key === 'POST /api/auth/logout' && res.status === 204 && who !== 'anonymous') await t.signIn(who, t.user(who).email, t.user(who).password);
        const refused = res.status === 401 || res.status === 403;
        const expected = allowed ? 'allowed' : who === 'anonymous' ? '401' : '403';
        const got = refused ? String(res.status) : 'allowed';
        if (got !== expected) mismatches.push(`${op.key} as ${who}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
        if (!allowed && db.pragma('data_version', { simple: true }) !== before) mismatches.push(`${op.key} as ${who}: refused but committed a change`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(ops.length * IDENTITIES.length);
  });
});
