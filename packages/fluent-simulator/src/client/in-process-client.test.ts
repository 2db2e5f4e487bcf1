import { PlatformError } from '@scim-connector/platform';
import { platformContractSuite } from '@scim-connector/platform/contract-suite';
import { describe, expect, it } from 'vitest';
import { defaultContractSeed } from '../contract-seed.ts';
import { FaultController } from '../faults/fault-controller.ts';
import { createPlatformModel } from '../seed/create-model.ts';
import { createInProcessClient } from './in-process-client.ts';

platformContractSuite('fluent-simulator in-process client', async () => {
  const faults = new FaultController();
  return {
    client: createInProcessClient(createPlatformModel(), { faults }),
    seed: defaultContractSeed,
    failRequests: (status) => faults.set(status === 429 ? { rate429: 1 } : { rate503: 1 }),
    clearFaults: () => faults.reset(),
  };
});

describe('createInProcessClient', () => {
  it('maps the platform user to the contract shape, roles flattened', async () => {
    const model = createPlatformModel({
      users: [
        {
          username: 'ann',
          firstName: 'Ann',
          language: 'en-AU',
          roles: ['AGENT_134_STORE', 'AGENT_135_STORE'],
        },
      ],
    });
    const user = await createInProcessClient(model).findUserByUsername('ann');
    expect(user).toEqual({
      id: model.getUserByUsername('ann')?.id,
      username: 'ann',
      ref: 'ann',
      status: 'ACTIVE',
      profile: { firstName: 'Ann', primaryEmail: 'ann', timezone: 'UTC', language: 'en-AU' },
      userType: { type: 'ADMIN' },
      roles: [
        { contextType: 'AGENT', contextId: '134', role: 'STORE' },
        { contextType: 'AGENT', contextId: '135', role: 'STORE' },
      ],
    });
  });

  it('fills the fields Fluent requires from its defaults, and the type from the decided user type', async () => {
    const model = createPlatformModel();
    const client = createInProcessClient(model, { defaults: { timezone: 'Australia/Perth' } });
    await client.createUser({
      username: 'bare',
      ref: 'bare',
      status: 'ACTIVE',
      profile: {},
      roles: [],
      userType: { type: 'LOCATION', primaryLocation: '134' },
    });
    expect(model.getUserByUsername('bare')).toMatchObject({
      type: 'LOCATION',
      primaryLocationId: '134',
      timezone: 'Australia/Perth',
      primaryEmail: 'bare',
    });
    expect((await client.findUserByUsername('bare'))?.userType).toEqual({
      type: 'LOCATION',
      primaryLocation: '134',
    });
  });

  it('changes the user type with its primary context', async () => {
    const client = createInProcessClient(createPlatformModel());
    const created = await client.createUser({
      username: 'mover',
      ref: 'mover',
      status: 'ACTIVE',
      profile: {},
      roles: [],
      userType: { type: 'ADMIN' },
    });
    const updated = await client.updateUser(created.id, {
      userType: { type: 'RETAILER', primaryRetailer: '199' },
    });
    expect(updated.userType).toEqual({ type: 'RETAILER', primaryRetailer: '199' });
  });

  it('turns an injected 429 into a transient error carrying Retry-After', async () => {
    const faults = new FaultController({ rate429: 1, retryAfterSeconds: 3 });
    const failure = await createInProcessClient(createPlatformModel(), { faults })
      .listRoles()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlatformError);
    expect(failure).toMatchObject({ transient: true, retryAfterMs: 3000 });
  });

  it('turns platform refusals into permanent errors with the Fluent code', async () => {
    const faults = new FaultController({ failingUsernames: ['mallory'] });
    const client = createInProcessClient(createPlatformModel(), { faults });
    const failure = await client
      .createUser({
        username: 'mallory',
        ref: 'mallory',
        status: 'ACTIVE',
        profile: {},
        roles: [],
        userType: { type: 'ADMIN' },
      })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ transient: false, code: 'C0110E' });
    const created = await client.createUser({
      username: 'bob',
      ref: 'bob',
      status: 'ACTIVE',
      profile: {},
      roles: [],
      userType: { type: 'ADMIN' },
    });
    faults.set({ failingUsernames: ['bob'] });
    await expect(client.updateUser(created.id, { status: 'INACTIVE' })).rejects.toMatchObject({
      transient: false,
    });
  });

  it('shares its model with a running server, so both see the same platform', async () => {
    const model = createPlatformModel();
    const client = createInProcessClient(model);
    await client.createUser({
      username: 'shared',
      ref: 'shared',
      status: 'INACTIVE',
      profile: { primaryEmail: 'shared@example.com' },
      roles: [{ contextType: 'RETAILER', contextId: '199', role: 'STORE_MANAGER' }],
      userType: { type: 'RETAILER', primaryRetailer: '199' },
    });
    expect(model.getUserByUsername('shared')).toMatchObject({
      status: 'INACTIVE',
      primaryEmail: 'shared@example.com',
    });
    expect(await client.readSetting('fc.connect.scim-connector.provisioning.pipeline.config')).toMatchObject({
      rules: [expect.objectContaining({ condition: { type: 'HAS_APP_ROLE', appRole: 'Store_Colleague' } })],
    });
  });
});
