import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { stageDefinition, StageKey } from '../../../workflows';
import { createApp } from '../../../src/app.factory';
import { doStageWork } from './stage-work';
import './people-work';
import './register-stage-work';
import './stage6-stage-work';

/** The test service's token secret, so tests can forge expired or foreign tokens on purpose. */
export const TEST_TOKEN_SECRET = 'e2e-test-token-secret-of-at-least-32-bytes';
/** Passwords pass the NIST rules: long, not common, not containing the account's email or name. */
export const TEST_ADMIN = { email: 'admin@e2e.test', password: 'e2e-bootstrap-passphrase' };

export type Who = 'admin' | 'pm' | 'pm2' | 'stakeholder' | 'clinician' | 'outsider' | 'auditor' | 'board' | (string & {});

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: string;
  password: string;
  token: string;
}

/** Created through the API by the bootstrap admin when the app starts: one or more per role. */
const TEST_USERS: Record<string, { name: string; role: string }> = {
  pm: { name: 'Pat Manager', role: 'programme-manager' },
  pm2: { name: 'Pam Other', role: 'programme-manager' },
  stakeholder: { name: 'Sue Stakeholder', role: 'stakeholder' },
  clinician: { name: 'Dr Cal Clinician', role: 'stakeholder' },
  outsider: { name: 'Olly Outsider', role: 'stakeholder' },
  auditor: { name: 'Aud Itor', role: 'auditor' },
  board: { name: 'Bo Ardmember', role: 'board-member' },
};

/**
 * The real application on a temporary SQLite file. Tests talk to it over HTTP only; `as(who)`
 * is where a signed-in user's credentials are attached.
 */
export class TestApp {
  /** Signed-in users by name, with their cached bearer tokens. */
  readonly users: Record<string, TestUser> = {};

  private constructor(
    readonly dir: string,
    readonly env: Record<string, string>,
    public app: NestFastifyApplication,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<TestApp> {
    const dir = mkdtempSync(join(tmpdir(), 'phw-e2e-'));
    const fullEnv = {
      NODE_ENV: 'test',
      DATABASE_PATH: join(dir, 'test.sqlite'),
      DEMO_DATA: 'false',
      AUTH_TOKEN_SECRET: TEST_TOKEN_SECRET,
      BOOTSTRAP_ADMIN_EMAIL: TEST_ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: TEST_ADMIN.password,
      ...env,
    };
    const t = new TestApp(dir, fullEnv, await createApp({ env: fullEnv, logger: false }));
    await t.signIn('admin', TEST_ADMIN.email, TEST_ADMIN.password);
    for (const [who, u] of Object.entries(TEST_USERS)) await t.addUser(who, u.role, u.name);
    return t;
  }

  /** Sign in through the API and remember the token under `who`. */
  async signIn(who: string, email: string, password: string): Promise<TestUser> {
    const res = await this.http().post('/api/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`sign in ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    const user: TestUser = { ...res.body.user, password, token: res.body.token };
    this.users[who] = user;
    return user;
  }

  /** An admin creates the account through the API; then it signs in. */
  async addUser(who: string, role: string, name = `User ${who}`): Promise<TestUser> {
    const email = `${who.toLowerCase()}@e2e.test`;
    // never the `who` itself: it is the email's local part, which a password may not contain
    const password = `e2e-lantern-orchard-${Object.keys(this.users).length}`;
    const res = await this.as('admin').post('/api/users').send({ email, name, role, password });
    if (res.status !== 201) throw new Error(`create user ${who}: ${res.status} ${JSON.stringify(res.body)}`);
    return this.signIn(who, email, password);
  }

  user(who: Who): TestUser {
    const user = this.users[who];
    if (!user) throw new Error(`no test user "${who}"`);
    return user;
  }

  get databasePath(): string {
    return this.env.DATABASE_PATH;
  }

  /** Close the application and open a new one on the same database file. */
  async restart(): Promise<void> {
    await this.app.close();
    this.app = await createApp({ env: this.env, logger: false });
  }

  async stop(): Promise<void> {
    await this.app.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  http() {
    return request(this.app.getHttpServer());
  }

  /** Requests made by a named, signed-in user (see TEST_USERS), or with a raw token. */
  as(who: Who = 'pm') {
    return this.withToken(this.user(who).token);
  }

  withToken(token: string) {
    const http = this.http();
    const withAuth = (test: request.Test) => test.set('Authorization', `Bearer ${token}`);
    return {
      get: (url: string) => withAuth(http.get(url)),
      post: (url: string) => withAuth(http.post(url)),
      put: (url: string) => withAuth(http.put(url)),
      patch: (url: string) => withAuth(http.patch(url)),
      delete: (url: string) => withAuth(http.delete(url)),
    };
  }

  async createProject(slug: string, extra: Record<string, unknown> = {}) {
    const res = await this.as('pm')
      .post('/api/projects')
      .send({ name: `Project ${slug}`, slug, scope: 'town', pcns: ['wantage'], ...extra });
    if (res.status !== 201) throw new Error(`create ${slug}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async workflow(slug: string, who: Who = 'pm') {
    const res = await this.as(who).get(`/api/projects/${slug}/workflow`);
    if (res.status !== 200) throw new Error(`workflow ${slug}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  event(slug: string, body: Record<string, unknown>, who = 'pm') {
    return this.as(who).post(`/api/projects/${slug}/workflow/events`).send(body);
  }

  /** Mark every mandatory deliverable that is ticked by hand as done, with evidence. */
  async completeDeliverables(slug: string, stage: StageKey) {
    const view = await this.workflow(slug);
    const stageView = view.stages.find((s: { key: string }) => s.key === stage);
    for (const d of stageDefinition(stage).deliverables) {
      const shown = stageView.deliverables.find((x: { key: string }) => x.key === d.key);
      if (!d.mandatory || shown.derived) continue;
      const res = await this.as('pm')
        .put(`/api/projects/${slug}/stages/${stage}/deliverables/${d.key}`)
        .send({ status: 'done', evidence: `Evidence for ${d.key}` });
      if (res.status !== 200) throw new Error(`deliverable ${d.key}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  /** Submit a stage for review (pm), the stakeholder and the clinician approve it, and the pm approves the stage. */
  async submitAndApprove(slug: string, stage: StageKey) {
    const submitted = await this.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage });
    if (submitted.status !== 201) throw new Error(`submit ${stage}: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    await this.reviewersApprove(slug, stage);
    const approved = await this.event(slug, { type: 'APPROVE_STAGE', stage });
    if (approved.status !== 201) throw new Error(`approve ${stage}: ${approved.status} ${JSON.stringify(approved.body)}`);
  }

  /** The stakeholder and the clinician record their approval of the stage in review. */
  async reviewersApprove(slug: string, stage: StageKey) {
    for (const reviewer of ['stakeholder', 'clinician']) {
      const decided = await this.decide(slug, stage, reviewer, { decision: 'approve' });
      if (decided.status !== 201) throw new Error(`${reviewer} approves ${stage}: ${decided.status} ${JSON.stringify(decided.body)}`);
    }
  }

  decide(slug: string, stage: StageKey, who: Who, body: Record<string, unknown>) {
    return this.as(who).post(`/api/projects/${slug}/stages/${stage}/reviews/decisions`).send(body);
  }

  async history(slug: string, who: Who = 'pm') {
    const res = await this.as(who).get(`/api/projects/${slug}/history?limit=200`);
    if (res.status !== 200) throw new Error(`history ${slug}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.items as Array<Record<string, any>>;
  }

  /** Do a stage's work through the API so that it passes its gate: its records, then its hand-ticked deliverables. */
  async prepareStage(slug: string, stage: StageKey) {
    await doStageWork(this, slug, stage);
    await this.completeDeliverables(slug, stage);
  }
}
