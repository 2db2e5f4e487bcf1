import { describe, expect, it } from 'vitest';
import { createLogger } from './logging.ts';
import { type PlatformCheckStatus, secretRedactor, startPlatformCheck } from './platform-check.ts';

/** Log lines as parsed JSON objects. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, logger };
}

const SECRET = 'client-secret-0123456789';

describe('platform check at start', () => {
  it('retries a failing platform with a doubling, capped backoff, logging the reason without secrets, until it passes', async () => {
    const { lines, logger } = capturedLogger();
    let calls = 0;
    const seen: PlatformCheckStatus[] = [];
    const check = startPlatformCheck({
      readCatalogue: async () => {
        calls++;
        if (calls <= 4) throw new Error(`token request refused: 401 invalid_client (sent ${SECRET})`);
        return ['STORE', 'GRAPHQL'];
      },
      settings: { retryBaseMs: 1, retryMaxMs: 4 },
      logger,
      redact: secretRedactor({ url: 'http://fluent', clientSecret: SECRET }),
    });
    await check.firstAttempt;
    seen.push(check.status());
    await check.passed;
    seen.push(check.status());

    expect(seen[0]).toMatchObject({
      state: 'failing',
      attempts: 1,
      reason: 'token request refused: 401 invalid_client (sent [redacted])',
    });
    expect(seen[1]).toMatchObject({ state: 'authenticated', roles: 2 });
    const failures = lines.filter((line) => String(line.msg).startsWith('platform check failed'));
    expect(failures.map((line) => line.retryInMs)).toEqual([1, 2, 4, 4]);
    expect(failures.map((line) => line.attempts)).toEqual([1, 2, 3, 4]);
    expect(JSON.stringify(lines)).not.toContain(SECRET);
    expect(lines.at(-1)).toMatchObject({ msg: expect.stringMatching(/^platform check passed/), roles: 2 });
  });

  it('passes at once when the platform answers, and stops retrying when stopped', async () => {
    const { logger } = capturedLogger();
    const ok = startPlatformCheck({
      readCatalogue: async () => ['STORE'],
      settings: { retryBaseMs: 1, retryMaxMs: 1 },
      logger,
      redact: (text) => text,
    });
    await ok.passed;
    expect(ok.status()).toMatchObject({ state: 'authenticated', roles: 1 });

    let calls = 0;
    const failing = startPlatformCheck({
      readCatalogue: async () => {
        calls++;
        throw new Error('unreachable');
      },
      settings: { retryBaseMs: 60_000, retryMaxMs: 60_000 },
      logger,
      redact: (text) => text,
    });
    await failing.firstAttempt;
    failing.stop();
    expect(calls).toBe(1);
    expect(failing.status()).toMatchObject({ state: 'failing', attempts: 1, reason: 'unreachable' });
  });

  it('masks every option named like a secret, and nothing shorter than four characters', () => {
    const redact = secretRedactor({
      clientSecret: 'cs-0123456789',
      password: 'pw-0123456789',
      apiToken: 'tok-0123456789',
      username: 'api-user',
      short: 'ab',
      clientKey: 'abc',
    });
    expect(redact('cs-0123456789 pw-0123456789 tok-0123456789 api-user abc')).toBe(
      '[redacted] [redacted] [redacted] api-user abc',
    );
  });
});
