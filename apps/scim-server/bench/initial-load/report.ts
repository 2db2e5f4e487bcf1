/** The initial-load results as a markdown table, with the targets checked. */
import { markdownTable } from '../throughput/report.ts';
import type { InitialLoadResult } from './initial-load-suite.ts';

export const RSS_MB_TARGET = 500;

/** The initial load's target: 300 s; as under `pnpm start` (issue #15) 150 s on SQLite and 240 s on PostgreSQL. */
export function totalSecondsTarget(result: Pick<InitialLoadResult, 'simulator' | 'database'>): number {
  if (result.simulator === 'separate') return 300;
  return result.database === 'sqlite' ? 150 : 240;
}

export function initialLoadTable(result: InitialLoadResult): string {
  const rows = result.steps.map((step) => [
    step.step,
    String(step.summary.requests),
    step.summary.seconds.toFixed(1),
    Math.round(step.summary.perSecond).toLocaleString('en-US'),
    step.summary.p50Ms.toFixed(1),
    step.summary.p99Ms.toFixed(1),
    String(step.summary.failures),
  ]);
  return markdownTable(['SCIM step', 'requests', 's', 'req/s', 'p50 ms', 'p99 ms', 'failed'], rows);
}

export function initialLoadVerdict(result: InitialLoadResult): string[] {
  const failed = result.steps.reduce((sum, step) => sum + step.summary.failures, 0);
  const peak = result.memory?.peakRssMb ?? Number.NaN;
  const target = totalSecondsTarget(result);
  const check = (ok: boolean) => (ok ? 'OK' : 'BELOW TARGET');
  const simulator = result.simulatorMemory
    ? `; simulator process peak RSS ${result.simulatorMemory.peakRssMb.toFixed(0)} MB, CPU ${result.simulatorMemory.cpuSeconds.toFixed(1)} s`
    : '';
  return [
    `SCIM requests done after ${result.scimSeconds.toFixed(1)} s; every account on the platform after ` +
      `${result.totalSeconds.toFixed(1)} s (target < ${target} s): ${check(result.totalSeconds < target)}`,
    `server (connector) peak RSS ${peak.toFixed(0)} MB (target < ${RSS_MB_TARGET} MB): ${check(peak < RSS_MB_TARGET)}; ` +
      `server CPU ${result.memory?.cpuSeconds.toFixed(1)} s${simulator}`,
    `offboarding: deactivated with ${result.offboarding.queueDepth} users waiting, inactive on the platform after ` +
      `${result.offboarding.seconds.toFixed(1)} s`,
    `failed requests: ${failed} (target 0): ${check(failed === 0)}`,
    `accounts checked: ${result.shape.users}, wrong or missing: ${result.wrongAccounts}, parked users: ${result.parked}: ` +
      check(result.wrongAccounts === 0 && result.parked === 0),
  ];
}
