import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchToken } from '../../test/http-test-client.ts';
import { type SimulatorProcess, SimulatorStartError, startSimulatorProcess } from './simulator-process.ts';

let simulator: SimulatorProcess | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function countUsers(target: SimulatorProcess): Promise<number> {
  const token = await fetchToken(target);
  const response = await fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ users(first: 500) { edges { node { username } } } }' }),
  });
  const body = (await response.json()) as { data: { users: { edges: unknown[] } } };
  return body.data.users.edges.length;
}

/**
 * Each test starts a Node process that compiles the simulator with tsx: seconds on a quiet machine, but tens of
 * seconds on a busy two-core one, so the limits are generous (they bound a hang, they measure nothing).
 */
const CHILD_TEST_TIMEOUT_MS = 120_000;

describe('the simulator in a child process', { timeout: CHILD_TEST_TIMEOUT_MS }, () => {
  it('serves tokens and GraphQL from a process of its own, and reports that process’s memory', async () => {
    simulator = await startSimulatorProcess({ credentials: { password: 'chosen-password' } });
    expect(simulator.credentials.password).toBe('chosen-password');
    const pid = simulator.pid();
    expect(pid).toBeDefined();
    expect(pid).not.toBe(process.pid);
    expect(await countUsers(simulator)).toBeGreaterThanOrEqual(0);
    const rss = await simulator.residentMemory();
    expect(rss).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('starts from a seed file, and names the problem of a bad one', async () => {
    const seedFile = path.join(tmpdir(), `seed-${process.pid}.json`);
    await writeFile(seedFile, JSON.stringify({ users: [{ username: 'seeded@example.com', roles: [] }] }));
    simulator = await startSimulatorProcess({ seedFile });
    expect(await countUsers(simulator)).toBe(1);

    const badSeed = path.join(tmpdir(), `bad-seed-${process.pid}.json`);
    await writeFile(badSeed, '{"users": [');
    const failed = startSimulatorProcess({ seedFile: badSeed });
    await expect(failed).rejects.toThrow(SimulatorStartError);
    await expect(startSimulatorProcess({ seedFile: badSeed })).rejects.toThrow(/bad-seed/);
  });

  it('restarts a child that dies, on the same port, back at its seed, and says so', async () => {
    const restarts: string[] = [];
    simulator = await startSimulatorProcess({ onRestart: ({ reason }) => restarts.push(reason) });
    const first = simulator.pid() ?? -1;
    process.kill(first, 'SIGKILL');
    const target = simulator;
    const second = await until(() => (target.restarts() === 1 ? target.pid() : undefined), 'a restart');
    expect(second).not.toBe(first);
    expect(restarts).toEqual([expect.stringContaining('SIGKILL')]);
    expect(await fetchToken(simulator)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('kills and restarts a child that stops answering', async () => {
    simulator = await startSimulatorProcess({ pingIntervalMs: 100, pingTimeoutMs: 300 });
    const hung = simulator.pid() ?? -1;
    process.kill(hung, 'SIGSTOP');
    const target = simulator;
    await until(() => (target.restarts() === 1 ? true : undefined), 'a restart of the hung child');
    expect(alive(hung)).toBe(false);
    expect(await fetchToken(simulator)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stops its child on close', async () => {
    simulator = await startSimulatorProcess();
    const pid = simulator.pid() ?? -1;
    await simulator.close();
    expect(alive(pid)).toBe(false);
    expect(simulator.pid()).toBeUndefined();
  });
});
