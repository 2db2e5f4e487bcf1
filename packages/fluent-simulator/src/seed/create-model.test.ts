import { describe, expect, it } from 'vitest';
import { createPlatformModel } from './create-model.ts';
import { defaultSeed, PIPELINE_CONFIG_SETTING } from './default-seed.ts';
import { FixtureError } from './fixture-error.ts';
import { parseFixture } from './load-fixture.ts';
import { toFixture } from './to-fixture.ts';

describe('the default seed', () => {
  it('has the documented roles, the account, retailers and a few dozen numeric locations', () => {
    const model = createPlatformModel();
    expect(model.listRoles().map((role) => role.name)).toEqual(
      expect.arrayContaining([
        'ADMIN',
        'STORE_ASSISTANT',
        'DEVELOPER',
        'STORE',
        'CUSTOMER_COLLECTION_MANAGER',
        'RETURNS_MANAGER',
        'GRAPHQL',
      ]),
    );
    expect(model.contextExists('ACCOUNT', '0')).toBe(true);
    expect(model.listRetailers().length).toBeGreaterThanOrEqual(3);
    const locations = model.listLocations();
    expect(locations.length).toBeGreaterThanOrEqual(24);
    expect(
      locations.every(
        (location) => /^\d+$/.test(location.id) && model.getRetailer(location.retailerId ?? ''),
      ),
    ).toBe(true);
    expect(model.contextExists('AGENT', '134')).toBe(true);
    expect(model.contextExists('AGENT', '1023434')).toBe(true);
  });

  it('maps the logical role Store_Colleague in the pipeline-config setting', () => {
    const config = createPlatformModel().readSettingValue(PIPELINE_CONFIG_SETTING) as {
      rules: { condition: { appRole: string }; action: { targetRoles: string[] } }[];
    };
    expect(config.rules).toEqual([
      expect.objectContaining({
        condition: { type: 'HAS_APP_ROLE', appRole: 'Store_Colleague' },
        action: {
          type: 'MAPPING_ROLE_ASSIGNMENT',
          sourceAppRole: 'Store_Colleague',
          targetRoles: ['STORE', 'CUSTOMER_COLLECTION_MANAGER', 'RETURNS_MANAGER'],
        },
      }),
    ]);
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(defaultSeed.roles)).toBe(true);
    const model = createPlatformModel();
    model.createRole({ name: 'PICKER' });
    expect(defaultSeed.roles).not.toContain('PICKER');
  });
});

describe('createPlatformModel', () => {
  it('takes the keys a fixture leaves out from the default seed', () => {
    const model = createPlatformModel({
      users: [{ username: 'pat', roles: ['AGENT_134_STORE'], status: 'INACTIVE' }],
    });
    expect(model.getUserByUsername('pat')).toMatchObject({
      status: 'INACTIVE',
      ref: 'pat',
      roles: [{ roleName: 'STORE', contexts: [{ contextType: 'AGENT', contextId: '134' }] }],
    });
    expect(model.listRoles().length).toBe(defaultSeed.roles?.length);
  });

  it('uses the fixture alone with an empty base, and an explicit empty list empties a part', () => {
    expect(createPlatformModel({ roles: ['ONLY'] }, { base: {} }).listLocations()).toEqual([]);
    expect(createPlatformModel({ roles: [] }).listRoles()).toEqual([]);
  });

  it('reports users whose roles the merged catalogue lacks', () => {
    let failure: unknown;
    try {
      createPlatformModel(
        { roles: ['STORE'], users: [{ username: 'x', roles: ['AGENT_134_GRAPHQL'] }] },
        { source: 'p.json' },
      );
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(FixtureError);
    expect((failure as Error).message).toContain('Platform fixture p.json is invalid');
    expect((failure as FixtureError).problems).toEqual([
      'users[0].roles[0] "AGENT_134_GRAPHQL" uses role "GRAPHQL", which is not in the fixture\'s roles',
    ]);
  });

  it('keeps seeded ids and allocates new ones after them', () => {
    const model = createPlatformModel({ users: [{ id: '50000', username: 'seeded' }] });
    expect(model.getUserByUsername('seeded')?.id).toBe('50000');
    const created = model.createUser({
      ref: 'n',
      username: 'new',
      password: 'p',
      primaryEmail: 'n@example.com',
      type: 'ADMIN',
      timezone: 'UTC',
    });
    expect(created.id).toBe('50001');
  });
});

describe('toFixture', () => {
  it('dumps a state that loads back into the same state', () => {
    const model = createPlatformModel({
      users: [
        {
          username: 'a@example.com',
          firstName: 'A',
          language: 'en-AU',
          roles: ['AGENT_135_STORE', 'AGENT_134_STORE'],
        },
        { username: 'b@example.com', status: 'INACTIVE', roles: [] },
      ],
    });
    model.createRole({ name: 'PICKER' });
    model.updateUser({
      id: model.getUserByUsername('b@example.com')?.id ?? '',
      roles: [{ role: { name: 'PICKER' }, contexts: [{ contextType: 'RETAILER', contextId: '199' }] }],
    });
    const dump = toFixture(model);
    expect(dump.users?.map((user) => [user.username, user.status, user.roles])).toEqual([
      ['a@example.com', 'ACTIVE', ['AGENT_134_STORE', 'AGENT_135_STORE']],
      ['b@example.com', 'INACTIVE', ['RETAILER_199_PICKER']],
    ]);
    const reloaded = JSON.parse(JSON.stringify(dump));
    expect(parseFixture(reloaded)).toEqual(dump);
    expect(toFixture(createPlatformModel(reloaded, { base: {} }))).toEqual(dump);
  });
});
