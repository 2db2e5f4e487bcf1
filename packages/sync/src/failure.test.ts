import { PlatformError } from '@scim-connector/platform';
import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyFailure, ProfileMappingError } from './failure.ts';

const policy = { baseMs: 1000, maxMs: 30_000, maxAttempts: 5 };

describe('backoffDelay', () => {
  it('doubles per attempt within the jittered upper half, up to the ceiling', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(500);
    expect(backoffDelay(1, policy, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, () => 1)).toBe(4000);
    expect(backoffDelay(3, policy, () => 0)).toBe(2000);
    expect(backoffDelay(20, policy, () => 1)).toBe(30_000);
  });

  it('never retries before the platform said to', () => {
    expect(backoffDelay(1, policy, () => 0, 120_000)).toBe(120_000);
  });
});

describe('classifyFailure', () => {
  it('keeps the platform error transient flag and Retry-After', () => {
    const failure = classifyFailure(new PlatformError('HTTP 429', { transient: true, retryAfterMs: 2000 }));
    expect(failure).toEqual({ message: 'HTTP 429', transient: true, unknownRole: false, retryAfterMs: 2000 });
  });

  it('recognises an unknown role reported by the platform', () => {
    const error = new PlatformError('C0120E: createUser: role "VANISHED" does not exist', {
      transient: false,
      code: 'C0120E',
    });
    expect(classifyFailure(error)).toMatchObject({ transient: false, unknownRole: true });
    const other = new PlatformError('C0110E: primaryEmail is too long', { transient: false });
    expect(classifyFailure(other)).toMatchObject({ transient: false, unknownRole: false });
  });

  it('treats a profile that cannot be mapped as permanent and anything else as retryable', () => {
    const mapping = new ProfileMappingError(
      'a@example.com',
      new Error('timezone "Mars" is not an IANA time zone'),
    );
    expect(mapping.message).toBe(
      'cannot map user "a@example.com" to a platform profile: timezone "Mars" is not an IANA time zone',
    );
    expect(classifyFailure(mapping).transient).toBe(false);
    expect(classifyFailure(new Error('database is locked')).transient).toBe(true);
  });
});
