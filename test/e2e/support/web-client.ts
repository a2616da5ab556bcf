import request from 'supertest';
import type { TestApp } from './test-app';

/**
 * A browser-like client of the web pages over HTTP: keeps the session cookie, reads the CSRF
 * token from the last page's forms, and posts url-encoded forms like a browser without JS.
 */
export class WebClient {
  private cookie: string | undefined;
  csrf: string | undefined;

  constructor(private readonly t: TestApp) {}

  private keep(res: request.Response): request.Response {
    const set = res.headers['set-cookie'] as unknown as string[] | undefined;
    const session = set?.find((c) => c.startsWith('phw_session='));
    if (session) this.cookie = session.split(';')[0];
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text ?? '');
    if (token) this.csrf = token[1];
    return res;
  }

  get cookieHeader(): string | undefined {
    return this.cookie;
  }

  async get(url: string): Promise<request.Response> {
    const req = this.t.http().get(url);
    if (this.cookie) req.set('Cookie', this.cookie);
    return this.keep(await req);
  }

  /** A form post with this page's CSRF token (unless `csrf: false` or another token is given). */
  async post(url: string, form: Record<string, string | string[]>, options: { csrf?: string | false } = {}): Promise<request.Response> {
    const req = this.t.http().post(url).type('form');
    if (this.cookie) req.set('Cookie', this.cookie);
    const token = options.csrf === false ? undefined : (options.csrf ?? this.csrf);
    return this.keep(await req.send(token ? { _csrf: token, ...form } : form));
  }

  async signIn(email: string, password: string, next?: string): Promise<request.Response> {
    await this.get('/sign-in');
    return this.post('/sign-in', { email, password, ...(next ? { next } : {}) });
  }
}
