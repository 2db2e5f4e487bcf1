import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimService } from '../service/create-service.ts';
import { createMemoryStore } from '../service/testing/memory-store.ts';
import { createScimRouter } from './router.ts';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

let baseUrl = '';
let close: () => Promise<void> = async () => {};
const unexpected: unknown[] = [];

beforeAll(async () => {
  const store = createMemoryStore();
  const service = createScimService({ store, baseUrl: 'http://unused.test/scim/v2' });
  const app = express();
  app.use(
    '/scim/v2',
    createScimRouter(service, { bodyLimit: 2048, onUnexpectedError: (e) => unexpected.push(e) }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

async function send(method: string, path: string, body?: string, contentType = 'application/scim+json') {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    ...(body !== undefined ? { body, headers: { 'Content-Type': contentType } } : {}),
  });
  const text = await res.text();
  return { res, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const user = (userName: string) => JSON.stringify({ schemas: [CORE_USER], userName, active: true });

describe('createScimRouter', () => {
  it('accepts application/scim+json and application/json, and answers in application/scim+json', async () => {
    const scim = await send('POST', '/Users', user('a@example.test'));
    expect(scim.res.status).toBe(201);
    expect(scim.res.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    expect(scim.res.headers.get('location')).toBe(`${baseUrl}/Users/${scim.json.id}`);
    expect(scim.res.headers.get('etag')).toBe('W/"1"');
    const json = await send('POST', '/Users', user('b@example.test'), 'application/json');
    expect(json.res.status).toBe(201);
    const entra = await send(
      'POST',
      '/Users',
      user('c@example.test'),
      'application/scim+json; charset=utf-8',
    );
    expect(entra.res.status).toBe(201);
  });

  it('derives meta.location from the request when no base URL is configured', async () => {
    const created = await send('POST', '/Users', user('loc@example.test'));
    expect((created.json.meta as { location: string }).location).toBe(`${baseUrl}/Users/${created.json.id}`);
  });

  it('answers malformed JSON with 400 invalidSyntax and no stack trace', async () => {
    const { res, json, text } = await send('POST', '/Users', '{"schemas": [');
    expect(res.status).toBe(400);
    expect(json).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidSyntax' });
    expect(text).not.toMatch(/at .*\.js|node_modules/);
  });

  it('answers a body over the limit with 413 as a SCIM error', async () => {
    const big = JSON.stringify({ schemas: [CORE_USER], userName: 'x'.repeat(5000) });
    const { res, json } = await send('POST', '/Users', big);
    expect(res.status).toBe(413);
    expect(json).toMatchObject({ schemas: [ERROR], status: '413' });
  });

  it('answers an unsupported content type with 415 as a SCIM error', async () => {
    const { res, json } = await send('POST', '/Users', 'userName=x', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
    expect(json).toMatchObject({ schemas: [ERROR], status: '415' });
  });

  it('answers unknown routes with 404 and unsupported methods with 405, both as SCIM errors', async () => {
    const missing = await send('GET', '/Nothing');
    expect(missing.res.status).toBe(404);
    expect(missing.res.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    expect(missing.json).toMatchObject({ schemas: [ERROR], status: '404' });
    const wrong = await send('DELETE', '/Users');
    expect(wrong.res.status).toBe(405);
    expect(wrong.res.headers.get('allow')).toBe('GET, POST');
  });

  it('passes query parameters through (filter with spaces and quotes)', async () => {
    const filter = encodeURIComponent('userName eq "A@EXAMPLE.TEST"');
    const { json } = await send('GET', `/Users?filter=${filter}&startIndex=1&count=100`);
    expect(json).toMatchObject({ totalResults: 1 });
  });

  it('answers 204 with no body and no content type for a delete', async () => {
    const created = await send('POST', '/Users', user('gone@example.test'));
    const { res, text } = await send('DELETE', `/Users/${created.json.id}`);
    expect(res.status).toBe(204);
    expect(text).toBe('');
    expect(unexpected).toEqual([]);
  });
});
