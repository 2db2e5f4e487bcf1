/**
 * Where the sync worker's time went, from the server's own /metrics at the end of a run: pushes by outcome, and
 * platform calls by operation with their count per user and the seconds spent waiting on them. Round trips per
 * user say whether a slow drain is the platform's latency or the connector's own work.
 */
export interface OperationCost {
  operation: string;
  calls: number;
  seconds: number;
}

export interface PushProfile {
  pushes: Record<string, number>;
  operations: OperationCost[];
}

const PUSHES = /^scim_sync_pushes_total\{outcome="([^"]+)",result="([^"]+)"\} (\S+)$/;
const CALL_COUNT =
  /^scim_platform_request_duration_seconds_count\{operation="([^"]+)",result="[^"]+"\} (\S+)$/;
const CALL_SUM = /^scim_platform_request_duration_seconds_sum\{operation="([^"]+)",result="[^"]+"\} (\S+)$/;

export async function readPushProfile(url: string, metricsToken?: string): Promise<PushProfile> {
  const response = await fetch(`${url}/metrics`, {
    headers: metricsToken ? { Authorization: `Bearer ${metricsToken}` } : {},
  });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  return parsePushProfile(await response.text());
}

export function parsePushProfile(text: string): PushProfile {
  const pushes: Record<string, number> = {};
  const byOperation = new Map<string, OperationCost>();
  const cost = (operation: string) => {
    const existing = byOperation.get(operation);
    if (existing) return existing;
    const created = { operation, calls: 0, seconds: 0 };
    byOperation.set(operation, created);
    return created;
  };
  for (const line of text.split('\n')) {
    const push = PUSHES.exec(line);
    if (push?.[1] && push[2]) {
      const key = push[2] === 'ok' ? push[1] : `${push[1]} (${push[2]})`;
      pushes[key] = (pushes[key] ?? 0) + Number(push[3]);
      continue;
    }
    const count = CALL_COUNT.exec(line);
    if (count?.[1]) {
      cost(count[1]).calls += Number(count[2]);
      continue;
    }
    const sum = CALL_SUM.exec(line);
    if (sum?.[1]) cost(sum[1]).seconds += Number(sum[2]);
  }
  return { pushes, operations: [...byOperation.values()].sort((a, b) => b.calls - a.calls) };
}

export function describePushProfile(profile: PushProfile, users: number): string[] {
  const pushes = Object.entries(profile.pushes)
    .map(([outcome, count]) => `${outcome} ${count} (${(count / users).toFixed(2)}/user)`)
    .join(', ');
  const calls = profile.operations.reduce((sum, op) => sum + op.calls, 0);
  return [
    `pushes: ${pushes}`,
    `platform calls: ${calls} (${(calls / users).toFixed(2)}/user): ` +
      profile.operations
        .map(
          (op) =>
            `${op.operation} ${op.calls} (${(op.calls / users).toFixed(2)}/user, ` +
            `${op.calls ? ((op.seconds / op.calls) * 1000).toFixed(1) : '0'} ms avg, ${op.seconds.toFixed(1)} s)`,
        )
        .join(', '),
  ];
}
