import { Writable } from 'node:stream';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createLogger, requestLogging } from './logging.ts';
import { listen } from './server.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('request logging', () => {
  it('logs request id, method, path, status and latency, but no token, query or body', async () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    const app = express();
    app.use(requestLogging(logger));
    app.use(express.json());
    app.post('/scim/v2/Users', (_req, res) => {
      res.status(201).json({});
    });
    const running = await listen(app, 0, '127.0.0.1');
    try {
      const res = await fetch(`${running.url}/scim/v2/Users?filter=userName%20eq%20%22secret.person%22`, {
        method: 'POST',
        headers: {
          Authorization: 'Bearer TOPSECRETTOKEN',
          'Content-Type': 'application/json',
          'X-Request-Id': 'req-42',
        },
        body: JSON.stringify({ password: 'hunter2' }),
      });
      expect(res.headers.get('x-request-id')).toBe('req-42');
      await res.text();
    } finally {
      await running.stop();
    }
    const entry = JSON.parse(lines.find((line) => line.includes('"request"')) ?? '{}') as Record<
      string,
      unknown
    >;
    expect(entry).toMatchObject({ requestId: 'req-42', method: 'POST', path: '/scim/v2/Users', status: 201 });
    expect(typeof entry.latencyMs).toBe('number');
    const all = lines.join('');
    for (const secret of ['TOPSECRETTOKEN', 'hunter2', 'secret.person']) expect(all).not.toContain(secret);
  });

  it('redacts secrets even when a log call passes them along', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info(
      { headers: { authorization: 'Bearer abc123' }, user: { password: 'pw1' }, scimToken: 'tok' },
      'x',
    );
    // The line was written, with each secret's place kept and its value censored: an absent line proves nothing.
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(entry).toMatchObject({
      msg: 'x',
      headers: { authorization: '[redacted]' },
      user: { password: '[redacted]' },
      scimToken: '[redacted]',
    });
    expect(lines.join('')).not.toMatch(/abc123|pw1|"tok"/);
  });
});
