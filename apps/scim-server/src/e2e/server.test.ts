/**
 * The app around the SCIM API, end to end on both databases: bearer auth (and its rotation), the admin journal,
 * health, readiness, metrics, security headers, body limits and never a stack trace.
 */
import { describe, expect, it } from 'vitest';
import { generateToken } from '../tokens.ts';
import { testDatabases } from './databases.ts';
import {
  CORE_GROUP,
  CORE_USER,
  ERROR,
  PATCH_OP,
  SCIM_CONTENT_TYPE,
  startTestServer,
  useTestServer,
} from './server-harness.ts';

describe.each(testDatabases('server'))('scim-server on $name', (database) => {
  const rotatedOut = generateToken();
  const server = useTestServer(database, { scimTokens: [generateToken(), rotatedOut], bodyLimitBytes: 4096 });

  describe('authentication', () => {
    it('answers a missing token with 401, WWW-Authenticate and a SCIM error body', async () => {
      const reply = await server.scim('GET', '/Users', { token: null });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="scim"');
      expect(reply.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
      expect(reply.json).toMatchObject({
        schemas: [ERROR],
        status: '401',
        detail: expect.stringMatching(/Bearer/),
      });
    });

    it('answers a wrong token, and the admin token on /scim/v2, with 401 invalid_token', async () => {
      for (const token of ['not-the-token', server.adminToken]) {
        const reply = await server.scim('GET', '/Users', { token });
        expect(reply.status).toBe(401);
        expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="scim", error="invalid_token"');
        expect(reply.json).toMatchObject({ schemas: [ERROR], status: '401' });
      }
    });

    it('answers a non-Bearer scheme with 401 invalid_request', async () => {
      const reply = await server.raw('GET', '/scim/v2/Users', {
        headers: { Authorization: 'Basic dXNlcjpwYXNz' },
      });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('www-authenticate')).toContain('invalid_request');
    });

    it('accepts every configured SCIM token and refuses one taken off the list, so tokens can be rotated', async () => {
      for (const token of server.scimTokens) {
        expect((await server.scim('GET', '/Users', { token })).status).toBe(200);
      }
      expect((await server.scim('GET', '/Users', { token: rotatedOut })).status).toBe(200);
      // The rotation's last step: the old token leaves SCIM_TOKEN and the server starts again over the same data.
      const [kept] = server.scimTokens.filter((token) => token !== rotatedOut);
      const restarted = await startTestServer(server.store, { scimTokens: kept ? [kept] : [] });
      try {
        expect((await restarted.scim('GET', '/Users', { token: kept ?? null })).status).toBe(200);
        const refused = await restarted.scim('GET', '/Users', { token: rotatedOut });
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toContain('invalid_token');
      } finally {
        await restarted.stop();
      }
    });

    it('keeps /admin behind the admin token only', async () => {
      expect((await server.raw('GET', '/admin/journal')).status).toBe(401);
      expect((await server.raw('GET', '/admin/journal', { token: server.scimTokens[0] })).status).toBe(401);
      expect((await server.raw('GET', '/admin/journal', { token: server.adminToken })).status).toBe(200);
    });
  });

  describe('GET /admin/journal', () => {
    it('exports the writes as a JSON Lines sync-event log with the ids the server assigned', async () => {
      const userBody = { schemas: [CORE_USER], userName: 'journal.user@example.test', active: true };
      const user = await server.scim('POST', '/Users', { body: userBody });
      const userId = String(user.json.id);
      const groupBody = { schemas: [CORE_GROUP], displayName: 'Journal group' };
      const group = await server.scim('POST', '/Groups', { body: groupBody });
      const groupId = String(group.json.id);
      const patch = {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }],
      };
      await server.scim('PATCH', `/Groups/${groupId}`, { body: patch });
      await server.scim('GET', '/Users');
      await server.scim('DELETE', `/Users/${userId}`);

      const reply = await server.raw('GET', '/admin/journal', { token: server.adminToken });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      const lines = reply.text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown);
      // Every line carries the time the server accepted the write, as UTC ISO 8601.
      const at = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(lines).toEqual([
        { method: 'POST', path: '/Users', body: userBody, id: userId, at },
        { method: 'POST', path: '/Groups', body: groupBody, id: groupId, at },
        { method: 'PATCH', path: `/Groups/${groupId}`, body: patch, at },
        { method: 'DELETE', path: `/Users/${userId}`, at },
      ]);
    });
  });

  describe('operations endpoints', () => {
    it('answers /healthz and /readyz without a token', async () => {
      const health = await server.raw('GET', '/healthz');
      expect(health.status).toBe(200);
      expect(health.json).toEqual({ status: 'ok' });
      const ready = await server.raw('GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.json).toMatchObject({ status: 'ready', database: 'reachable' });
    });

    it('exposes request counts by route pattern and status, and a latency histogram', async () => {
      await server.scim('GET', '/Users/does-not-exist');
      const reply = await server.raw('GET', '/metrics');
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(reply.text).toMatch(
        /scim_http_requests_total\{method="GET",route="\/scim\/v2\/Users\/:id",status="404"\} [1-9]/,
      );
      expect(reply.text).toMatch(
        /scim_http_request_duration_seconds_bucket\{.*route="\/scim\/v2\/Users".*\}/,
      );
      expect(reply.text).not.toContain('does-not-exist');
    });

    it('sets security headers, a request id, and no X-Powered-By', async () => {
      const reply = await server.raw('GET', '/healthz');
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
      expect(reply.headers.get('x-frame-options')).toBe('DENY');
      expect(reply.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(reply.headers.get('x-powered-by')).toBeNull();
      expect(reply.headers.get('x-request-id')).toMatch(/\S+/);
    });
  });

  describe('client mistakes are SCIM errors, never 500s or stack traces', () => {
    it('malformed JSON: 400 invalidSyntax', async () => {
      const reply = await server.scim('POST', '/Users', { rawBody: '{"userName": "x",' });
      expect(reply.status).toBe(400);
      expect(reply.json).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidSyntax' });
      expect(reply.text).not.toMatch(/\n\s+at /);
    });

    it('a body over the limit: 413', async () => {
      const reply = await server.scim('POST', '/Users', {
        body: { schemas: [CORE_USER], userName: 'big@example.test', displayName: 'x'.repeat(10_000) },
      });
      expect(reply.status).toBe(413);
      expect(reply.json).toMatchObject({ schemas: [ERROR], status: '413' });
    });

    it('application/json is accepted (Google) and answered as application/scim+json', async () => {
      const reply = await server.scim('POST', '/Users', {
        rawBody: JSON.stringify({ schemas: [CORE_USER], userName: 'google.user@example.test' }),
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Google-Auto-Provisioning' },
      });
      expect(reply.status).toBe(201);
      expect(reply.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
    });

    it('unknown routes: 404 as a SCIM error, inside and outside /scim/v2', async () => {
      const inside = await server.scim('GET', '/Widgets');
      expect(inside.status).toBe(404);
      expect(inside.json).toMatchObject({ schemas: [ERROR], status: '404' });
      const outside = await server.raw('GET', '/nothing-here');
      expect(outside.status).toBe(404);
      expect(outside.json).toMatchObject({ schemas: [ERROR], status: '404' });
    });

    it('unsupported methods: 405 with Allow', async () => {
      const reply = await server.scim('PATCH', '/Users');
      expect(reply.status).toBe(405);
      expect(reply.headers.get('allow')).toBe('GET, POST');
      expect(reply.json).toMatchObject({ schemas: [ERROR], status: '405' });
    });
  });

  describe('ETags', () => {
    it('serves W/"n" ETags, answers If-None-Match with 304 and a stale If-Match with 412', async () => {
      const created = await server.scim('POST', '/Users', {
        body: { schemas: [CORE_USER], userName: 'etag.user@example.test' },
      });
      const id = String(created.json.id);
      const etag = created.headers.get('etag') ?? '';
      expect(etag).toBe('W/"1"');
      const cached = await server.scim('GET', `/Users/${id}`, { headers: { 'If-None-Match': etag } });
      expect(cached.status).toBe(304);
      const patch = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'E' }] };
      const first = await server.scim('PATCH', `/Users/${id}`, {
        body: patch,
        headers: { 'If-Match': etag },
      });
      expect(first.status).toBe(200);
      expect(first.headers.get('etag')).toBe('W/"2"');
      const stale = await server.scim('PATCH', `/Users/${id}`, {
        body: patch,
        headers: { 'If-Match': etag },
      });
      expect(stale.status).toBe(412);
      expect(stale.json).toMatchObject({ schemas: [ERROR], status: '412' });
    });
  });

  describe('concurrency', () => {
    it('concurrent membership PATCHes to one group lose no member', async () => {
      const group = await server.scim('POST', '/Groups', {
        body: { schemas: [CORE_GROUP], displayName: 'Busy group' },
      });
      const groupId = String(group.json.id);
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        const user = await server.scim('POST', '/Users', {
          body: { schemas: [CORE_USER], userName: `busy${i}@example.test` },
        });
        ids.push(String(user.json.id));
      }
      const replies = await Promise.all(
        ids.map((id) =>
          server.scim('PATCH', `/Groups/${groupId}`, {
            body: {
              schemas: [PATCH_OP],
              Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
            },
          }),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(ids.map(() => 204));
      const after = await server.scim('GET', `/Groups/${groupId}`);
      expect(((after.json.members ?? []) as { value: string }[]).map((m) => m.value).sort()).toEqual(
        [...ids].sort(),
      );
    });

    it('concurrent creates of one userName: exactly one 201, the others 409', async () => {
      const body = { schemas: [CORE_USER], userName: 'race.user@example.test' };
      const replies = await Promise.all([1, 2, 3, 4].map(() => server.scim('POST', '/Users', { body })));
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409]);
    });
  });
});
