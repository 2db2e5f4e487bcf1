/** The throughput results as a markdown table, with each target checked. */
import { SCENARIO_TITLES, type ScenarioName } from './scenarios.ts';
import type { ScenarioResult, ThroughputResult } from './throughput-suite.ts';

/** Issue 6's targets, set for SQLite: a share of bare express's throughput, and p99 at 16 clients. */
export const RATIO_TARGETS: Partial<Record<ScenarioName, number>> = {
  'create-user': 0.4,
  'filter-users': 0.6,
};
export const P99_TARGET_MS = 50;

export function targetVerdict(result: ScenarioResult): string {
  const problems: string[] = [];
  const ratioTarget = RATIO_TARGETS[result.scenario];
  if (ratioTarget !== undefined && result.ratio < ratioTarget) problems.push(`ratio < ${ratioTarget}`);
  if (result.scim.p99Ms >= P99_TARGET_MS) problems.push(`p99 >= ${P99_TARGET_MS} ms`);
  if (result.scim.failures > 0) problems.push(`${result.scim.failures} failed`);
  const target = [
    ...(ratioTarget !== undefined ? [`>= ${ratioTarget}`] : []),
    `p99 < ${P99_TARGET_MS} ms`,
  ].join(', ');
  return problems.length === 0 ? `${target}: OK` : `${target}: BELOW TARGET (${problems.join(', ')})`;
}

const ms = (value: number) => value.toFixed(1);
const rate = (value: number) => Math.round(value).toLocaleString('en-US');

export function throughputTable(result: ThroughputResult): string {
  const rows = result.scenarios.map((scenario) => [
    SCENARIO_TITLES[scenario.scenario],
    `${rate(scenario.scim.perSecond)} (${scenario.scim.requests})`,
    ms(scenario.scim.p50Ms),
    ms(scenario.scim.p99Ms),
    `${rate(scenario.bare.perSecond)} (${scenario.bare.requests})`,
    ms(scenario.bare.p50Ms),
    ms(scenario.bare.p99Ms),
    scenario.ratio.toFixed(2),
    `${scenario.scimCpuMs.toFixed(2)} / ${scenario.bareCpuMs.toFixed(2)}`,
    targetVerdict(scenario),
  ]);
  return markdownTable(
    [
      'scenario',
      'scim req/s (requests)',
      'p50 ms',
      'p99 ms',
      'bare req/s (requests)',
      'bare p50',
      'bare p99',
      'ratio',
      'CPU ms/req',
      'target',
    ],
    rows,
  );
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
