/**
 * Sessions and CSRF over real HTTP (no browser): what an attacker's page or a stolen/forged cookie can and cannot
 * do. The server runs in-process on loopback over a SQLite file with the demo directory.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP, PREVIEW_AUDIT_USER } from './console-router.tsx';
import { CSRF_COOKIE, SESSION_COOKIE } from './session.ts';
import { type DemoConnector, startDemoConnector } from './testing/demo-directory.ts';

/** A browser's cookie jar, reduced to what the console sets (one path, no domains). */
class Client {
  readonly cookies = new Map<string, string>();
  lastSetCookies: string[] = [];
  constructor(private readonly base: string) {}

  async request(method: string, path: string, form?: Record<string, string>): Promise<Response> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    this.lastSetCookies = response.headers.getSetCookie();
    for (const line of this.lastSetCookies) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }

  /** The CSRF token of the form on a page. */
  async csrfFrom(path: string): Promise<string> {
    const html = await (await this.request('GET', path)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no CSRF field on ${path}`);
    return token;
  }

  async signIn(token: string): Promise<Response> {
    const csrf = await this.csrfFrom('/console/sign-in');
    return this.request('POST', '/console/sign-in', { _csrf: csrf, token, next: '/console' });
  }
}

describe('console sessions and CSRF over HTTP', () => {
  let demo: DemoConnector;
  let base: string;
  let adminToken: string;

  beforeAll(async () => {
    demo = await startDemoConnector();
    base = demo.connector.url;
    adminToken = demo.connector.tokens.adminToken;
  }, 120_000);
  afterAll(() => demo?.stop());

  it('sends every page with the strict CSP, and a signed-out visitor to sign-in with the page to come back to', async () => {
    const client = new Client(base);
    const response = await client.request('GET', `/console/users/${demo.ids.synced}?done=retried`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/console/sign-in?next=${encodeURIComponent(`/console/users/${demo.ids.synced}?done=retried`)}`,
    );
    expect(response.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).not.toMatch(/unsafe|\*|http/);
  });

  it('sets an HttpOnly, SameSite=Strict, expiring session cookie on sign-in, renewed so a planted one is useless', async () => {
    const client = new Client(base);
    await client.request('GET', '/console/sign-in');
    const before = client.cookies.get(SESSION_COOKIE);
    const response = await client.signIn(adminToken);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/console');
    const session = client.lastSetCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(session).toMatch(/httponly/i);
    expect(session).toMatch(/samesite=strict/i);
    expect(session).toMatch(/expires=/i);
    expect(session).toMatch(/path=\/console/i);
    expect(client.cookies.get(SESSION_COOKIE)).not.toBe(before);
    expect((await client.request('GET', '/console')).status).toBe(200);
  });

  it('refuses a wrong admin token with 401 and stays signed out', async () => {
    const client = new Client(base);
    const response = await client.signIn(`${adminToken}x`);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(adminToken);
    expect((await client.request('GET', '/console')).status).toBe(303);
  });

  it('refuses a sign-in without a CSRF token (login CSRF), even with the right admin token', async () => {
    const client = new Client(base);
    await client.request('GET', '/console/sign-in');
    const response = await client.request('POST', '/console/sign-in', { token: adminToken });
    expect(response.status).toBe(403);
    expect((await client.request('GET', '/console')).status).toBe(303);
  });

  it('refuses a state-changing request without the CSRF token, with a forged one, or with another session’s', async () => {
    const victim = new Client(base);
    await victim.signIn(adminToken);
    const attacker = new Client(base);
    await attacker.signIn(adminToken);
    const attackersToken = await attacker.csrfFrom('/console/rules');
    const path = `/console/users/${demo.ids.synced}/resync`;
    const auditBefore = (await demo.connector.store.listAudit({ userId: demo.ids.synced, limit: 100 }))
      .length;

    expect((await victim.request('POST', path, {})).status).toBe(403);
    expect((await victim.request('POST', path, { _csrf: 'forged|token' })).status).toBe(403);
    expect((await victim.request('POST', path, { _csrf: attackersToken })).status).toBe(403);
    // Without the CSRF cookie (a cross-site form cannot send a SameSite=Strict cookie), the right token fails too.
    const token = await victim.csrfFrom('/console/rules');
    const csrfCookie = victim.cookies.get(CSRF_COOKIE) as string;
    victim.cookies.delete(CSRF_COOKIE);
    expect((await victim.request('POST', path, { _csrf: token })).status).toBe(403);
    expect((await demo.connector.store.listAudit({ userId: demo.ids.synced, limit: 100 })).length).toBe(
      auditBefore,
    );

    victim.cookies.set(CSRF_COOKIE, csrfCookie);
    const done = await victim.request('POST', path, { _csrf: token });
    expect(done.status).toBe(303);
    const [latest] = await demo.connector.store.listAudit({ userId: demo.ids.synced, limit: 1 });
    expect(latest).toMatchObject({ trigger: 'console.resync', reasons: ['console'] });
  });

  it('audits a rules impact preview with the console as origin, and serves its CSV only once it is done', async () => {
    const client = new Client(base);
    await client.signIn(adminToken);
    expect((await client.request('GET', '/console/rules/preview/changes.csv')).status).toBe(404);
    const csrf = await client.csrfFrom('/console/rules/preview');
    const text = await readFile(path.join(demo.connector.sync.rules.dir, 'governance.json'), 'utf8');
    const started = await client.request('POST', '/console/rules/preview', {
      _csrf: csrf,
      file: 'governance.json',
      text,
    });
    expect(started.status).toBe(303);
    expect(started.headers.get('location')).toBe('/console/rules/preview/result');
    const [entry] = await demo.connector.store.listAudit({ trigger: 'console.preview', limit: 1 });
    expect(entry).toMatchObject({
      userId: PREVIEW_AUDIT_USER,
      outcome: 'none',
      reasons: ['console'],
      changes: { action: 'rules-preview', origin: 'console', file: 'governance.json' },
      explanation: { sha256: createHash('sha256').update(text).digest('hex') },
    });
    // The rules in force, proposed unchanged: nothing would change.
    await expect
      .poll(async () => (await client.request('GET', '/console/rules/preview/result')).text(), {
        timeout: 30_000,
      })
      .toContain('<h2 id="preview-heading">Impact</h2>');
    const csv = await client.request('GET', '/console/rules/preview/changes.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\r\n')[0]).toBe(
      'userName,userId,changes,outcome now,outcome proposed,reasons now,reasons proposed,roles granted,roles revoked,unresolved now,unresolved proposed',
    );
    // Unknown parameters are refused, as on every console page.
    expect((await client.request('GET', '/console/rules/preview/result?x=1')).status).toBe(400);
  });

  it('starts one preview when two are posted at once: the first 303, the other 409', async () => {
    const client = new Client(base);
    await client.signIn(adminToken);
    const resultPage = async () => (await client.request('GET', '/console/rules/preview/result')).text();
    // No preview runs (none yet, or the last one finished), so both requests find the slot free when they arrive.
    await expect
      .poll(
        async () => {
          const page = await resultPage();
          return page.includes('No preview yet') || page.includes('<h2 id="preview-heading">Impact</h2>');
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const csrf = await client.csrfFrom('/console/rules/preview');
    const text = await readFile(path.join(demo.connector.sync.rules.dir, 'governance.json'), 'utf8');
    const form = { _csrf: csrf, file: 'governance.json', text };
    const before = await demo.connector.store.listAudit({ trigger: 'console.preview', limit: 100 });
    const responses = await Promise.all([
      client.request('POST', '/console/rules/preview', form),
      client.request('POST', '/console/rules/preview', form),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([303, 409]);
    const after = await demo.connector.store.listAudit({ trigger: 'console.preview', limit: 100 });
    expect(after).toHaveLength(before.length + 1);
    await expect.poll(resultPage, { timeout: 30_000 }).toContain('<h2 id="preview-heading">Impact</h2>');
  });

  it('names the rules folder without its path on the server', async () => {
    const client = new Client(base);
    await client.signIn(adminToken);
    const { dir } = demo.connector.sync.rules;
    for (const page of ['/console', '/console/rules']) {
      const html = await (await client.request('GET', page)).text();
      expect(html, page).toContain(`<code>${path.basename(dir)}</code>`);
      expect(html, page).not.toContain(dir);
    }
  });

  it('treats a tampered session cookie as signed out', async () => {
    const client = new Client(base);
    await client.signIn(adminToken);
    const forged = Buffer.from(JSON.stringify({ sid: 'x', signedInAt: Date.now() })).toString('base64');
    client.cookies.set(SESSION_COOKIE, forged);
    expect((await client.request('GET', '/console')).status).toBe(303);
  });

  it('signs out on POST /console/sign-out', async () => {
    const client = new Client(base);
    await client.signIn(adminToken);
    const csrf = await client.csrfFrom('/console');
    expect((await client.request('POST', '/console/sign-out', { _csrf: csrf })).status).toBe(303);
    expect((await client.request('GET', '/console')).status).toBe(303);
  });

  it('shows the user type on the platform and the one governance wants, on the user page', async () => {
    const client = new Client(base);
    await client.signIn(adminToken);
    const page = await (await client.request('GET', `/console/users/${demo.ids.synced}`)).text();
    // ada holds AGENT_134_STORE_ASSISTANT only: a LOCATION account at location 134.
    expect(page.match(/User type: <strong>LOCATION, primary location 134<\/strong>/g)).toHaveLength(2);
  });

  it('answers 400 naming an unknown query parameter or value, and 404 for an unknown user', async () => {
    const client = new Client(base);
    await client.signIn(adminToken);
    const refused: [string, string][] = [
      ['/console/users?outcome=block', 'Unknown query parameter &quot;outcome&quot;'],
      ['/console/audit?outcome=blocked', '&quot;blocked&quot; is not a valid outcome'],
      ['/console/audit?since=yesterday', 'since must be an ISO 8601 date'],
      ['/console/users?role=STORE', 'role must be a role name'],
      ['/console/users?group=no-such-group', 'No group with id &quot;no-such-group&quot;'],
    ];
    for (const [path, says] of refused) {
      const response = await client.request('GET', path);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(await response.text(), path).toContain(says);
    }
    expect((await client.request('GET', '/console/users/no-such-user')).status).toBe(404);
    expect((await client.request('GET', '/console/audit?user=nobody@example.com')).status).toBe(404);
  });

  it('never sends a visitor back to another site after sign-in', async () => {
    const client = new Client(base);
    const csrf = await client.csrfFrom('/console/sign-in');
    const response = await client.request('POST', '/console/sign-in', {
      _csrf: csrf,
      token: adminToken,
      next: '//evil.example/console',
    });
    expect(response.headers.get('location')).toBe('/console');
  });
});
