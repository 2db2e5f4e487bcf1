/**
 * `pnpm bench` for the rules CLI: generates a sync-event log (default 100,000 requests; `BENCH_EVENTS` to change)
 * into a temporary folder, then runs `scim-rules simulate` on it in-process against the repository's rules, with
 * the human report going nowhere. Prints the wall time, the rate and the process's peak memory against the
 * targets (under 60 s and 1 GiB for 100,000 events).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/index.ts';
import { generateEventLog } from './generate-log.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const TARGET_SECONDS = 60;
const TARGET_BYTES = 1024 ** 3;
const RULES = fileURLToPath(new URL('../../../rules', import.meta.url));

const dir = await mkdtemp(join(tmpdir(), 'scim-rules-bench-'));
try {
  const file = join(dir, 'events.jsonl');
  await writeFile(file, `${generateEventLog(EVENTS).join('\n')}\n`);
  let rows = 0;
  let summary = '';
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const code = await runCli(['simulate', file, '--rules', RULES], {
    out: (text) => {
      rows += text.split('\n').length - 1;
      if (text.includes(' requests: ')) summary = text.trim();
    },
    err: (text) => process.stderr.write(text),
    color: false,
    progress: false,
  });
  const seconds = (performance.now() - started) / 1000;
  // CPU time as well as wall time: on a shared machine the wall time mostly measures the neighbours.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakBytes = process.resourceUsage().maxRSS * 1024;
  if (code !== 0) throw new Error(`simulate exited with ${code}`);
  console.log(summary.split('\n')[0]);
  console.log(`rules-cli simulate: ${EVENTS.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s`);
  console.log(
    `  ${Math.round(EVENTS / seconds).toLocaleString('en-US')} events/s, ${rows.toLocaleString('en-US')} report lines`,
  );
  console.log(`  CPU time ${cpuSeconds.toFixed(1)} s (load average ${loadavg()[0]?.toFixed(1)} at the end)`);
  console.log(`  peak memory (RSS) ${(peakBytes / 1024 ** 2).toFixed(0)} MiB`);
  const scale = EVENTS / 100_000;
  const timeOk = seconds <= TARGET_SECONDS * scale;
  const memoryOk = peakBytes <= TARGET_BYTES;
  console.log(
    `  target: ${(TARGET_SECONDS * scale).toFixed(0)} s (${timeOk ? 'met' : 'NOT met'}), 1024 MiB (${memoryOk ? 'met' : 'NOT met'})`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
