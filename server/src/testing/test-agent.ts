import { CSRF_COOKIE, CSRF_HEADER } from '../../contract/constants';
import { apiClient } from './api-client';

interface Fetcher {
  request(input: string | Request, init?: RequestInit): Response | Promise<Response>;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Leave out the CSRF header a browser-side client would send. */
  withoutCsrf?: boolean;
  /** A raw body instead of JSON (for malformed-input tests). */
  rawBody?: string;
}

/** Tests read answers loosely; the contract tests parse them through the schemas. */
export interface TestResponse extends Omit<Response, 'json'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json(): Promise<any>;
}

/**
 * A browser for API tests: keeps the cookies the server sets and, like the SPA, echoes the
 * CSRF cookie in `X-CSRF-Token` on unsafe requests.
 */
export class TestAgent {
  readonly cookies = new Map<string, string>();
  /**
   * The same browser through a client typed by the API's paths. The raw methods below stay for
   * what a typed client cannot send: malformed bodies, a missing CSRF header, a wrong type.
   */
  readonly api: ReturnType<typeof apiClient>;
  /** `basePath`: the server's BASE_PATH, which the typed client's paths are under. */
  constructor(
    private readonly app: Fetcher,
    basePath = '',
  ) {
    this.api = apiClient((request) => this.send(request), basePath);
  }

  /** Sends `request` with the cookies and the CSRF header, and keeps the cookies it sets. */
  private async send(request: Request): Promise<Response> {
    const headers = this.headersFor(request.method);
    for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
    return this.keepCookies(await this.app.request(request));
  }

  private headersFor(method: string, withoutCsrf = false): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    const csrf = this.cookies.get(CSRF_COOKIE);
    if (csrf && !withoutCsrf && !['GET', 'HEAD'].includes(method)) headers[CSRF_HEADER] = csrf;
    return headers;
  }

  private keepCookies(res: Response): Response {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return res;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<TestResponse> {
    const headers = { ...options.headers, ...this.headersFor(method, options.withoutCsrf) };
    let payload: string | undefined = options.rawBody;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    return this.keepCookies(await this.app.request(path, { method, headers, body: payload }));
  }

  get(path: string, options?: RequestOptions) {
    return this.request('GET', path, undefined, options);
  }
  post(path: string, body?: unknown, options?: RequestOptions) {
    return this.request('POST', path, body, options);
  }
  patch(path: string, body?: unknown, options?: RequestOptions) {
    return this.request('PATCH', path, body, options);
  }
  put(path: string, body?: unknown, options?: RequestOptions) {
    return this.request('PUT', path, body, options);
  }
  delete(path: string, options?: RequestOptions) {
    return this.request('DELETE', path, undefined, options);
  }
}
