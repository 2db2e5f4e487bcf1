import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from './transport.ts';
import { createUndiciTransport } from './undici-transport.ts';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function serve(handler: Handler): Promise<string> {
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => handler(request, body, response));
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failureOf(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TransportError) return error;
    throw error;
  }
  throw new Error('expected a transport failure');
}

describe('createUndiciTransport', () => {
  it('POSTs the body and headers below the base path and returns status, lower-case headers and body', async () => {
    const seen: { url?: string; method?: string; account?: string; body?: string } = {};
    const url = await serve((request, body, response) => {
      Object.assign(seen, {
        url: request.url,
        method: request.method,
        account: request.headers['fluent.account'],
        body,
      });
      response.writeHead(207, { 'Retry-After': '3', 'Content-Type': 'application/json' });
      response.end('{"ok":true}');
    });
    const transport = createUndiciTransport(`${url}/api/`, { maxConnections: 2 });
    try {
      const response = await transport.post({
        path: '/graphql',
        headers: { 'fluent.account': 'ACME', 'content-type': 'application/json' },
        body: '{"query":"{ x }"}',
        timeoutMs: 5000,
      });
      expect(seen).toEqual({
        url: '/api/graphql',
        method: 'POST',
        account: 'ACME',
        body: '{"query":"{ x }"}',
      });
      expect(response).toMatchObject({ status: 207, body: '{"ok":true}' });
      expect(response.headers['retry-after']).toBe('3');
    } finally {
      await transport.close();
    }
  });

  it('fails with a timeout when no answer comes before the deadline', async () => {
    const url = await serve(() => {
      // never answers
    });
    const transport = createUndiciTransport(url, { maxConnections: 1 });
    try {
      const failure = await failureOf(
        transport.post({ path: '/graphql', headers: {}, body: '{}', timeoutMs: 50 }),
      );
      expect(failure.failure).toBe('timeout');
      expect(failure.message).toMatch(/no answer from 127\.0\.0\.1:\d+\/graphql within 50 ms/);
    } finally {
      await transport.close();
    }
  });

  it('fails with a network error when nothing listens', async () => {
    const url = await serve((_request, _body, response) => response.end());
    const server = servers.pop();
    server?.close();
    if (server) await once(server, 'close');
    const transport = createUndiciTransport(url, { maxConnections: 1 });
    try {
      const failure = await failureOf(
        transport.post({ path: '/oauth/token', headers: {}, body: '', timeoutMs: 5000 }),
      );
      expect(failure.failure).toBe('network');
      expect(failure.message).toContain('ECONNREFUSED');
    } finally {
      await transport.close();
    }
  });

  it('fails with a network error when the server drops the connection', async () => {
    const url = await serve((request) => request.socket.destroy());
    const transport = createUndiciTransport(url, { maxConnections: 1 });
    try {
      const failure = await failureOf(
        transport.post({ path: '/graphql', headers: {}, body: '{}', timeoutMs: 5000 }),
      );
      expect(failure.failure).toBe('network');
    } finally {
      await transport.close();
    }
  });
});
