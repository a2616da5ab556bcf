import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { stageDefinition, StageKey } from '../../../workflows';
import { createApp } from '../../../src/app.factory';
import { doStageWork } from './stage-work';
import './register-stage-work';
import './stage6-stage-work';

/**
 * The real application on a temporary SQLite file. Tests talk to it over HTTP only; `as(who)`
 * is where a signed-in user's credentials are attached.
 */
export class TestApp {
  private constructor(
    readonly dir: string,
    readonly env: Record<string, string>,
    public app: NestFastifyApplication,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<TestApp> {
    const dir = mkdtempSync(join(tmpdir(), 'phw-e2e-'));
    const fullEnv = { NODE_ENV: 'test', DATABASE_PATH: join(dir, 'test.sqlite'), DEMO_DATA: 'false', ...env };
    return new TestApp(dir, fullEnv, await createApp({ env: fullEnv, logger: false }));
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

  /** Requests made by a named user (see users below). */
  as(_who: string = 'pm') {
    const http = this.http();
    const withAuth = (test: request.Test) => test;
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

  async workflow(slug: string) {
    const res = await this.as('pm').get(`/api/projects/${slug}/workflow`);
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

  /** Submit a stage for review and approve it, as its reviewers would. */
  async submitAndApprove(slug: string, stage: StageKey) {
    const submitted = await this.event(slug, { type: 'SUBMIT_FOR_REVIEW', stage });
    if (submitted.status !== 201) throw new Error(`submit ${stage}: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    const approved = await this.event(slug, { type: 'APPROVE_STAGE', stage });
    if (approved.status !== 201) throw new Error(`approve ${stage}: ${approved.status} ${JSON.stringify(approved.body)}`);
  }

  /** Do a stage's work through the API so that it passes its gate: its records, then its hand-ticked deliverables. */
  async prepareStage(slug: string, stage: StageKey) {
    await doStageWork(this, slug, stage);
    await this.completeDeliverables(slug, stage);
  }
}
