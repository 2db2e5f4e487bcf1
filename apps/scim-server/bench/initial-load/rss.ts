/**
 * Resident memory of a process from /proc (Linux): sampled while it runs, and the kernel's own high-water mark;
 * also the CPU time it used, which says what a run cost independently of how busy the machine was.
 */
import { readdir, readFile } from 'node:fs/promises';

/** Linux reports process times in USER_HZ ticks, 100 per second on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

export interface MemorySample {
  rssMb: number;
  /** VmHWM: the peak resident set size since the process started. */
  peakRssMb: number;
  /** User plus system CPU seconds since the process started. */
  cpuSeconds: number;
}

export async function readMemory(pid: number): Promise<MemorySample | undefined> {
  try {
    const [status, stat] = await Promise.all([
      readFile(`/proc/${pid}/status`, 'utf8'),
      readFile(`/proc/${pid}/stat`, 'utf8'),
    ]);
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    // Fields after the parenthesised command name: utime and stime are the 14th and 15th of the line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024, cpuSeconds };
  } catch {
    return undefined;
  }
}

/** Samples every `intervalMs` until stopped; the peak is the larger of the sampled maximum and VmHWM. */
export function watchMemory(pid: number, intervalMs = 1000): { stop(): Promise<MemorySample | undefined> } {
  let last: MemorySample | undefined;
  let maxSampled = 0;
  const sample = async () => {
    const memory = await readMemory(pid);
    if (memory) {
      last = memory;
      maxSampled = Math.max(maxSampled, memory.rssMb);
    }
  };
  const timer = setInterval(() => void sample(), intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await sample();
      return last && { ...last, peakRssMb: Math.max(last.peakRssMb, maxSampled) };
    },
  };
}

/**
 * The process ids of a process's children whose command line contains `marker` (Linux: /proc/<pid>/task/<tid>/
 * children). A server run through tsx has an esbuild child too, so the simulator is picked by its entry point.
 */
export async function childPids(pid: number, marker: string): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`);
  const lists = await Promise.all(
    tasks.map((task) => readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '')),
  );
  const children = lists.flatMap((list) => list.split(' ').filter(Boolean).map(Number));
  const commands = await Promise.all(
    children.map((child) => readFile(`/proc/${child}/cmdline`, 'utf8').catch(() => '')),
  );
  return children.filter((_, index) => commands[index]?.includes(marker));
}
