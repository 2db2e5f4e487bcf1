/**
 * CPU time of this process's main thread (where the servers under test run), from /proc. Throughput on a shared
 * two-core machine swings with whatever else runs; the server's CPU milliseconds per request do not, so they are
 * what before/after comparisons of an optimisation rely on. Linux only; elsewhere NaN.
 */
import { readFileSync } from 'node:fs';

/** Linux reports thread times in USER_HZ ticks, 100 per second on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

export function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces): utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
