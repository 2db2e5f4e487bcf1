/**
 * METRICS_TOKEN (issue #13): with it set, /metrics (queue depth, request counts) answers only a request carrying
 * it, and /readyz keeps answering probes by status code but gives its details only with the token. The SCIM and
 * admin tokens do not open /metrics.
 */
import { describe, expect, it } from 'vitest';
import { generateToken } from '../tokens.ts';
import { testDatabases } from './databases.ts';
import { useTestServer } from './server-harness.ts';

const [sqlite] = testDatabases('metrics-token');

describe('METRICS_TOKEN', () => {
  if (sqlite === undefined) throw new Error('no SQLite test database');
  const metricsToken = generateToken();
  const server = useTestServer(sqlite, { metricsToken });

  it('refuses /metrics without the token, with a wrong one, and with the SCIM or admin token', async () => {
    for (const token of [undefined, 'wrong', server.scimTokens[0], server.adminToken]) {
      const reply = await server.raw('GET', '/metrics', token === undefined ? {} : { token });
      expect(reply.status, String(token)).toBe(401);
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer realm="metrics"/);
      expect(reply.text).not.toContain('scim_http_requests_total');
    }
  });

  it('serves /metrics with the token', async () => {
    const reply = await server.raw('GET', '/metrics', { token: metricsToken });
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('scim_http_requests_total');
  });

  it('answers /readyz by status to anyone, with details only for the token', async () => {
    const anonymous = await server.raw('GET', '/readyz');
    expect(anonymous.status).toBe(200);
    expect(anonymous.json).toEqual({ status: 'ready' });
    const detailed = await server.raw('GET', '/readyz', { token: metricsToken });
    expect(detailed.json).toEqual({ status: 'ready', database: 'reachable' });
  });
});
