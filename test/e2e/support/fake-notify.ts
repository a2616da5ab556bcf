import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';

export const NOTIFY_SERVICE_ID = '26785a09-ab16-4eb0-8407-a37497a57506';
export const NOTIFY_SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0';
export const NOTIFY_API_KEY = `test_key-${NOTIFY_SERVICE_ID}-${NOTIFY_SECRET}`;
export const NOTIFY_TEMPLATE_ID = 'f33517ff-2a88-4f6e-b855-c550268ce08a';

export interface NotifyRequest {
  path: string;
  body: { email_address: string; template_id: string; personalisation: { subject: string; body: string }; reference?: string };
}

/**
 * A stand-in for the GOV.UK Notify API on a loopback port: it checks the bearer token as Notify does
 * (a JWT signed HS256 with the key's secret, issued by the service id, within 30 s of now) and keeps
 * each email it accepts. `failNext` makes the next requests answer as Notify does when it is down.
 */
export class FakeNotify {
  readonly accepted: NotifyRequest[] = [];
  failNext = 0;
  private server?: Server;
  private port = 0;

  static async start(): Promise<FakeNotify> {
    const fake = new FakeNotify();
    fake.server = createServer((req, res) => {
      void fake.handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => fake.server!.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    try {
      const { payload } = await jwtVerify(token ?? '', new TextEncoder().encode(NOTIFY_SECRET), { algorithms: ['HS256'], issuer: NOTIFY_SERVICE_ID, maxTokenAge: 30, clockTolerance: 30 });
      if (typeof payload.iat !== 'number') throw new Error('no iat');
    } catch {
      return { status: 403, body: { status_code: 403, errors: [{ error: 'AuthError', message: 'Invalid token: signature, api token not found' }] } };
    }
    if (req.method !== 'POST' || req.url !== '/v2/notifications/email') return { status: 404, body: { errors: [{ error: 'NotFound', message: 'Not found' }] } };
    if (this.failNext > 0) {
      this.failNext -= 1;
      return { status: 500, body: { status_code: 500, errors: [{ error: 'Exception', message: 'Internal server error' }] } };
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as NotifyRequest['body'];
    if (body.template_id !== NOTIFY_TEMPLATE_ID) return { status: 400, body: { status_code: 400, errors: [{ error: 'BadRequestError', message: 'Template not found' }] } };
    if (!body.personalisation?.subject || !body.personalisation?.body) return { status: 400, body: { status_code: 400, errors: [{ error: 'BadRequestError', message: 'Missing personalisation: subject, body' }] } };
    this.accepted.push({ path: req.url, body });
    const id = `notify-${this.accepted.length}`;
    return { status: 201, body: { id, reference: body.reference ?? null, content: { subject: body.personalisation.subject, body: body.personalisation.body, from_email: 'planning@notifications.service.gov.uk' }, uri: `${this.url}/v2/notifications/${id}`, template: { id: body.template_id, version: 1, uri: '' } } };
  }
}
