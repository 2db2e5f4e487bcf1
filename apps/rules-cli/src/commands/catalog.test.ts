/**
 * `catalog export` against the real simulator over loopback HTTP, through the Fluent plugin as the server talks to
 * Fluent: a catalogue larger than one page comes back whole, the file round-trips into `validate --catalog` and
 * `test --catalog`, and no credential reaches the output. Only `--platform fluent` reads the environment.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSeed, type SimulatorServer, startSimulatorServer } from '@scim-connector/fluent-simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CATALOGUE_PAGE_SIZE } from '../catalog/export-catalogue.ts';
import { runCliInProcess as cli, REPO_ROOT } from '../testing/run-cli.ts';

const CLIENT_SECRET = 'client-secret-never-printed-3f9a';
const PASSWORD = 'api-password-never-printed-77c1';
/** More than a page of each: the export must follow the cursors. */
const EXTRA_ROLES = CATALOGUE_PAGE_SIZE + 20;
const EXTRA_LOCATIONS = 2 * CATALOGUE_PAGE_SIZE + 30;

let dir: string;
let simulator: SimulatorServer;
const seededLocations = (defaultSeed.locations?.length ?? 0) + EXTRA_LOCATIONS;
const seededRoles = (defaultSeed.roles?.length ?? 0) + EXTRA_ROLES;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-rules-catalog-'));
  simulator = await startSimulatorServer({
    port: 0,
    credentials: {
      clientId: 'catalog-test',
      clientSecret: CLIENT_SECRET,
      username: 'exporter',
      password: PASSWORD,
    },
    seed: {
      ...defaultSeed,
      roles: [
        ...(defaultSeed.roles ?? []),
        ...Array.from({ length: EXTRA_ROLES }, (_, i) => `EXTRA_ROLE_${i}`),
      ],
      locations: [
        ...(defaultSeed.locations ?? []),
        ...Array.from({ length: EXTRA_LOCATIONS }, (_, i) => ({ id: String(100_000 + i), retailerId: '1' })),
      ],
    },
  });
});

afterAll(async () => {
  await simulator.close();
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The running simulator's credentials as `--platform-options` takes them (a URL platform reads no variable). */
async function simulatorOptions(clientSecret = CLIENT_SECRET): Promise<string[]> {
  const file = join(dir, `options-${clientSecret}.json`);
  await writeFile(
    file,
    JSON.stringify({
      account: 'SIMULATOR',
      clientId: 'catalog-test',
      clientSecret,
      username: 'exporter',
      password: PASSWORD,
    }),
  );
  return ['--platform-options', file];
}

/** The same credentials as FLUENT_* variables, which only `--platform fluent` may read. */
function fluentVariables(): void {
  vi.stubEnv('PLATFORM_OPTIONS_FILE', '');
  vi.stubEnv('FLUENT_ACCOUNT', 'SIMULATOR');
  vi.stubEnv('FLUENT_CLIENT_ID', 'catalog-test');
  vi.stubEnv('FLUENT_CLIENT_SECRET', CLIENT_SECRET);
  vi.stubEnv('FLUENT_USERNAME', 'exporter');
  vi.stubEnv('FLUENT_PASSWORD', PASSWORD);
}

describe('scim-rules catalog export', () => {
  it('exports every page of roles and locations, and the role-mapping setting, from a running simulator', async () => {
    const out = join(dir, 'catalog.json');
    const run = await cli([
      'catalog',
      'export',
      '--platform',
      simulator.url,
      ...(await simulatorOptions()),
      '--out',
      out,
    ]);
    expect(run.stderr).toContain(`wrote ${out}`);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const exported = JSON.parse(await readFile(out, 'utf8'));
    expect(exported.accounts).toEqual([{ id: '0' }]);
    expect(exported.roles).toHaveLength(seededRoles);
    expect(exported.roles).toContain(`EXTRA_ROLE_${EXTRA_ROLES - 1}`);
    expect(exported.locations).toHaveLength(seededLocations);
    expect(exported.locations).toContainEqual({
      id: String(100_000 + EXTRA_LOCATIONS - 1),
      ref: `L${100_000 + EXTRA_LOCATIONS - 1}`,
      retailerId: '1',
    });
    expect(exported.retailers.map((retailer: { id: string }) => retailer.id)).toEqual(
      defaultSeed.retailers?.map((retailer) => retailer.id),
    );
    expect(exported.settings).toEqual(defaultSeed.settings);
    expect(exported.users).toBeUndefined();
    const everything = `${run.stdout}${run.stderr}${JSON.stringify(exported)}`;
    expect(everything).not.toContain(CLIENT_SECRET);
    expect(everything).not.toContain(PASSWORD);

    // Round trip: the export is a catalogue validate, test and simulate accept.
    const validate = await cli(['validate', join(REPO_ROOT, 'rules'), '--catalog', out]);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('valid');
    const tests = await cli(['test', join(REPO_ROOT, 'rules/tests'), '--catalog', out]);
    expect(tests.stdout).toMatch(/\d+ passed, 0 failed/);
    expect(tests.code).toBe(0);
  });

  it('writes the fixture to stdout, with progress on stderr only on a terminal', async () => {
    const options = await simulatorOptions();
    const quiet = await cli(['catalog', 'export', '--platform', simulator.url, ...options]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(JSON.parse(quiet.stdout).roles).toHaveLength(seededRoles);
    const terminal = await cli(['catalog', 'export', '--platform', simulator.url, ...options], {
      progress: true,
    });
    expect(terminal.stderr).toContain(`reading the catalogue: ${seededRoles} roles`);
    expect(terminal.stderr).toContain(`${seededLocations.toLocaleString('en-US')} locations`);
    expect(JSON.parse(terminal.stdout).locations).toHaveLength(seededLocations);
  });

  it('reads no variable for a URL: FLUENT_* credentials in the shell are not sent to the host it names', async () => {
    fluentVariables();
    const run = await cli(['catalog', 'export', '--platform', simulator.url]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^scim-rules catalog export: /);
    expect(run.stderr).not.toContain(CLIENT_SECRET);
    const optionsFile = join(dir, 'shell-options.json');
    await writeFile(optionsFile, JSON.stringify({ clientId: 'from-the-file' }));
    vi.stubEnv('PLATFORM_OPTIONS_FILE', optionsFile);
    expect((await cli(['catalog', 'export', '--platform', simulator.url])).code).toBe(2);
  });

  it('--platform simulator starts the built-in simulator, seeded from --seed, not from SIMULATOR_SEED', async () => {
    vi.stubEnv('PLATFORM_OPTIONS_FILE', '');
    const seed = join(dir, 'seed.json');
    await writeFile(seed, JSON.stringify({ roles: ['ONLY_ROLE'], retailers: [{ id: '9' }], locations: [] }));
    const ignored = join(dir, 'ignored-seed.json');
    await writeFile(ignored, JSON.stringify({ roles: ['FROM_THE_VARIABLE'], retailers: [], locations: [] }));
    vi.stubEnv('SIMULATOR_SEED', ignored);
    const run = await cli(['catalog', 'export', '--platform', 'simulator', '--seed', seed]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      roles: ['ONLY_ROLE'],
      retailers: [{ id: '9' }],
      locations: [],
    });
    const unseeded = await cli(['catalog', 'export', '--platform', 'simulator']);
    expect(unseeded.code).toBe(0);
    const roles: string[] = JSON.parse(unseeded.stdout).roles;
    expect(roles).not.toContain('FROM_THE_VARIABLE');
    expect(roles.toSorted()).toEqual(defaultSeed.roles?.toSorted());
  });

  it('takes --platform-options and --seed only where they belong, and checks the options file', async () => {
    const fluent = await cli(['catalog', 'export', '--platform', 'fluent', ...(await simulatorOptions())]);
    expect(fluent.code).toBe(2);
    expect(fluent.stderr).toContain(
      '--platform fluent reads PLATFORM_OPTIONS_FILE and the FLUENT_* variables',
    );
    expect(fluent.stderr).not.toContain(CLIENT_SECRET);
    const seed = await cli([
      'catalog',
      'export',
      '--platform',
      simulator.url,
      '--seed',
      join(dir, 'seed.json'),
    ]);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('--seed is for --platform simulator');
    const bad = join(dir, 'bad-options.json');
    await writeFile(bad, '{"clientSecret": 42}');
    const invalid = await cli(['catalog', 'export', '--platform', simulator.url, '--platform-options', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(`${bad}:1:`);
    const missing = await cli([
      'catalog',
      'export',
      '--platform',
      'simulator',
      '--platform-options',
      join(dir, 'no-such-options.json'),
    ]);
    expect(missing.code).toBe(2);
  });

  it('names the missing Fluent variables, and refuses an unknown platform', async () => {
    vi.stubEnv('PLATFORM_OPTIONS_FILE', '');
    for (const variable of [
      'FLUENT_URL',
      'FLUENT_ACCOUNT',
      'FLUENT_CLIENT_ID',
      'FLUENT_USERNAME',
      'FLUENT_PASSWORD',
    ])
      vi.stubEnv(variable, '');
    vi.stubEnv('FLUENT_CLIENT_SECRET', CLIENT_SECRET);
    const fluent = await cli(['catalog', 'export', '--platform', 'fluent']);
    expect(fluent.code).toBe(2);
    expect(fluent.stderr).toContain('FLUENT_URL');
    expect(fluent.stderr).not.toContain(CLIENT_SECRET);
    const unknown = await cli(['catalog', 'export', '--platform', 'sap']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      '--platform must be fluent, simulator, or the URL of a running simulator',
    );
  });
});

describe('--catalog on the replaying commands', () => {
  it('starts simulate from the catalogue, and reports a --platform user whose role the catalogue lacks', async () => {
    const catalog = join(dir, 'small-catalog.json');
    await writeFile(
      catalog,
      JSON.stringify({ accounts: [{ id: '0' }], locations: [{ id: '7' }], roles: ['PICKER'] }),
    );
    const events = join(dir, 'events.jsonl');
    const user = (userName: string, role: string) =>
      JSON.stringify({
        method: 'POST',
        path: '/Users',
        body: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName,
          emails: [{ value: userName, type: 'work', primary: true }],
          roles: [{ value: role }],
        },
      });
    await writeFile(
      events,
      `${user('kept@example.com', 'AGENT_7_PICKER')}\n${user('seeded@example.com', 'AGENT_134_STORE')}\n`,
    );
    const rules = join(REPO_ROOT, 'rules');
    const run = await cli(['simulate', events, '--rules', rules, '--catalog', catalog, '--json']);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout);
    const outcomes = Object.fromEntries(
      document.decisions.map((decision: { userName: string; outcome: string }) => [
        decision.userName,
        decision.outcome,
      ]),
    );
    // The seed's AGENT_134_STORE exists in the demo seed but not in this catalogue.
    expect(outcomes).toEqual({ 'kept@example.com': 'create', 'seeded@example.com': 'block' });
    // With the seed instead, the second user is created: the catalogue is what made the difference.
    const seeded = JSON.parse((await cli(['simulate', events, '--rules', rules, '--json'])).stdout);
    expect(seeded.decisions.map((decision: { outcome: string }) => decision.outcome)).toEqual([
      'block',
      'create',
    ]);

    const platform = join(dir, 'platform.json');
    await writeFile(
      platform,
      JSON.stringify({ users: [{ username: 'old@example.com', roles: ['AGENT_134_STORE'] }] }),
    );
    for (const command of [
      ['simulate', events, '--rules', rules],
      ['explain', 'kept@example.com', '--events', events, '--rules', rules],
      ['diff', rules, rules, '--events', events],
    ]) {
      const bad = await cli([...command, '--catalog', catalog, '--platform', platform]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`${platform}:1:1: with the catalogue ${catalog}`);
    }
  });
});
