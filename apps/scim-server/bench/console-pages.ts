/**
 * `pnpm --filter @scim-connector/scim-server bench:console [--users 100000] [--db sqlite,postgres] [--requests 300]`:
 * console page latency with a large directory (issue 12 targets: a users search or filter page under 150 ms p99, a
 * user page under 100 ms p99).
 *
 * The directory is written straight through the store (batches of 1,000 users in one transaction each, with
 * emails), then every user is leased to a worker that does not exist, so the connector's own worker leaves them
 * alone and the figures are the console's, not a sync's. Requests are sequential from one signed-in client over
 * loopback HTTP; each page is read to the end. A user page includes the platform lookup (the simulator, in process)
 * that the page shows.
 *
 * Then the rules impact preview over every user (issue 12): a governance.json without its rule
 * `deactivate-inactive-user` (one user in ten is inactive) is posted, the result page is polled until the job is
 * done, and the CSV of changed users is downloaded. It reports the job's wall time, the server's peak RSS while it
 * ran (the server is in this process) and the CSV's size and download time.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Store } from '@scim-connector/store';
import { encodeCursor } from '../src/admin/admin-query.ts';
import { RULES_DIR, startTestConnector } from '../src/e2e/connector-harness.ts';
import { testDatabases } from '../src/e2e/databases.ts';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

async function seed(store: Store, users: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < users; start += 1000) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(start + 1000, users); i++) {
        const id = randomUUID();
        const userName = `user${String(i).padStart(6, '0')}@bench.example`;
        ids.push(id);
        await tx.insertUser({
          id,
          userName,
          active: i % 10 !== 0,
          resource: {
            schemas: [CORE_USER],
            userName,
            displayName: `Bench User ${i}`,
            active: i % 10 !== 0,
            emails: [{ value: `mail${i}@bench.example`, primary: true }],
            roles: [{ value: 'AGENT_134_STORE' }],
          },
        });
      }
    });
  }
  // Leased for an hour to a worker that never completes: the connector's worker does not push them.
  for (;;) {
    const claimed = await store.claimDirty({ limit: 5000, workerId: 'bench-holder', leaseMs: 3_600_000 });
    if (claimed.length === 0) break;
  }
  return ids;
}

async function signIn(base: string, token: string): Promise<string> {
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(`${base}/console/sign-in`, { redirect: 'manual' });
  keep(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const signed = await fetch(`${base}/console/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, token, next: '/console' }).toString(),
  });
  keep(signed);
  if (signed.status !== 303) throw new Error(`sign-in answered ${signed.status}`);
  return header();
}

async function measure(
  base: string,
  cookie: string,
  paths: () => string,
  requests: number,
): Promise<{ p50: number; p99: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < requests + 10; i++) {
    const started = performance.now();
    const response = await fetch(`${base}${paths()}`, { headers: { cookie } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${paths()} answered ${response.status}`);
    // The first ten warm the statement caches and the JIT.
    if (i >= 10) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: times.at(-1) ?? 0 };
}

/** One preview of a governance.json without `deactivate-inactive-user`, start to CSV. */
async function measurePreview(base: string, signedIn: string): Promise<string> {
  const inForce = JSON.parse(await readFile(path.join(RULES_DIR, 'governance.json'), 'utf8')) as {
    rules: { name: string }[];
  };
  const proposed = {
    ...inForce,
    rules: inForce.rules.filter((rule) => rule.name !== 'deactivate-inactive-user'),
  };
  const form = await fetch(`${base}/console/rules/preview`, { headers: { cookie: signedIn } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  // The form's CSRF token goes with the cookie set beside it.
  const jar = new Map(signedIn.split('; ').map((pair) => [pair.slice(0, pair.indexOf('=')), pair] as const));
  for (const line of form.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    jar.set(pair.slice(0, pair.indexOf('=')), pair);
  }
  const cookie = [...jar.values()].join('; ');
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const started = performance.now();
  const posted = await fetch(`${base}/console/rules/preview`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      _csrf: csrf,
      file: 'governance.json',
      text: JSON.stringify(proposed, null, 2),
    }).toString(),
  });
  if (posted.status !== 303) throw new Error(`the preview answered ${posted.status}: ${await posted.text()}`);
  const pollTimes: number[] = [];
  let page = '';
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const asked = performance.now();
    page = await (await fetch(`${base}/console/rules/preview/result`, { headers: { cookie } })).text();
    pollTimes.push(performance.now() - asked);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    if (!page.includes('id="preview-heading">Running')) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const examined = /All (\d+) users examined/.exec(page)?.[1] ?? '?';
  const changed = /(\d+) would change/.exec(page)?.[1] ?? '?';
  const csvStarted = performance.now();
  const csv = await fetch(`${base}/console/rules/preview/changes.csv`, { headers: { cookie } });
  const bytes = (await csv.arrayBuffer()).byteLength;
  const csvSeconds = (performance.now() - csvStarted) / 1000;
  pollTimes.sort((a, b) => a - b);
  return [
    `preview: ${seconds.toFixed(1)} s to the result (${examined} users examined, ${changed} would change)`,
    `  result page while it ran: max ${(pollTimes.at(-1) ?? 0).toFixed(1)} ms over ${pollTimes.length} polls`,
    `  RSS ${(rssBefore / 2 ** 20).toFixed(0)} MB before, ${(rssPeak / 2 ** 20).toFixed(0)} MB peak while it ran`,
    `  CSV ${(bytes / 2 ** 20).toFixed(1)} MB in ${csvSeconds.toFixed(2)} s (status ${csv.status})`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { users: { type: 'string' }, db: { type: 'string' }, requests: { type: 'string' } },
  });
  const users = Number(values.users ?? 100_000);
  const requests = Number(values.requests ?? 300);
  const kinds = (values.db ?? 'sqlite,postgres').split(',');
  const rows: string[] = [];
  const notes: string[] = [];
  for (const database of testDatabases('console_bench')) {
    if (!kinds.includes(database.name)) continue;
    const { store, dispose } = await database.open();
    const seedStart = performance.now();
    const ids = await seed(store, users);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const running = await startTestConnector(store);
    try {
      const base = running.connector.url;
      const cookie = await signIn(base, running.connector.tokens.adminToken);
      const pick = () => ids[Math.floor(Math.random() * ids.length)] as string;
      const prefix = () =>
        `user${String(Math.floor(Math.random() * users))
          .padStart(6, '0')
          .slice(0, 5)}`;
      /** A keyset position just before a random user: the page a visitor reaches by following Next links. */
      const deepPage = () => {
        const i = Math.floor(Math.random() * ids.length);
        const name = `user${String(i).padStart(6, '0')}@bench.example`;
        return encodeURIComponent(encodeCursor('users', { name, id: ids[i] as string }));
      };
      const scenarios: [string, () => string][] = [
        ['users search (userName prefix)', () => `/console/users?search=${prefix()}`],
        ['users filter status=absent, page 1', () => '/console/users?status=absent'],
        ['users, random deep page (after=cursor)', () => `/console/users?after=${deepPage()}`],
        ['user page', () => `/console/users/${pick()}`],
        ['overview', () => '/console'],
      ];
      for (const [name, path] of scenarios) {
        const r = await measure(base, cookie, path, requests);
        rows.push(
          `| ${database.name} | ${name} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} |`,
        );
        process.stderr.write(
          `${database.name} ${name}: p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms\n`,
        );
      }
      const preview = await measurePreview(base, cookie);
      notes.push(`${database.name} ${preview}`);
      process.stderr.write(`${database.name} ${preview}\n`);
      process.stderr.write(`${database.name}: ${users} users seeded in ${seedSeconds.toFixed(1)} s\n`);
    } finally {
      await running.stop();
      await dispose();
    }
  }
  process.stdout.write(
    `\n${users} users, ${requests} sequential requests per row, load average ${loadavg()
      .map((v) => v.toFixed(2))
      .join(
        ' ',
      )}\n\n| database | page | p50 ms | p99 ms | max ms |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}\n\n${notes.join('\n')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`console bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
