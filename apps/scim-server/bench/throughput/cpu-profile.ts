/**
 * `--profile <dir>`: a V8 CPU profile of this process's main thread (where the servers run) while the real app
 * is under load, one `.cpuprofile` per scenario, for Chrome DevTools or any cpuprofile viewer. Seeding and the
 * bare app's runs stay out of it, unlike with `node --cpu-prof`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

export async function profiled<T>(dir: string | undefined, name: string, work: () => Promise<T>): Promise<T> {
  if (dir === undefined) return work();
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = await session.post('Profiler.stop');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    return result;
  } finally {
    session.disconnect();
  }
}
