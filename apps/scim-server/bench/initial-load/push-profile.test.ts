import { describe, expect, it } from 'vitest';
import { describePushProfile, parsePushProfile } from './push-profile.ts';

const METRICS = `# HELP scim_sync_pushes_total x
scim_sync_pushes_total{outcome="create",result="ok"} 4
scim_sync_pushes_total{outcome="update",result="ok"} 6
scim_sync_pushes_total{outcome="update",result="transient-error"} 1
scim_platform_request_duration_seconds_bucket{le="0.005",operation="findUser",result="ok"} 3
scim_platform_request_duration_seconds_sum{operation="findUser",result="ok"} 0.04
scim_platform_request_duration_seconds_count{operation="findUser",result="ok"} 4
scim_platform_request_duration_seconds_sum{operation="updateUser",result="ok"} 0.3
scim_platform_request_duration_seconds_count{operation="updateUser",result="ok"} 6
scim_platform_request_duration_seconds_count{operation="updateUser",result="error"} 1
scim_platform_request_duration_seconds_sum{operation="updateUser",result="error"} 0.1
`;

describe('the push profile read from /metrics', () => {
  it('counts pushes by outcome and platform calls by operation, errors included', () => {
    const profile = parsePushProfile(METRICS);
    expect(profile.pushes).toEqual({ create: 4, update: 6, 'update (transient-error)': 1 });
    expect(profile.operations).toEqual([
      { operation: 'updateUser', calls: 7, seconds: expect.closeTo(0.4) },
      { operation: 'findUser', calls: 4, seconds: expect.closeTo(0.04) },
    ]);
    expect(describePushProfile(profile, 4)[1]).toBe(
      'platform calls: 11 (2.75/user): updateUser 7 (1.75/user, 57.1 ms avg, 0.4 s), findUser 4 (1.00/user, 10.0 ms avg, 0.0 s)',
    );
  });
});
