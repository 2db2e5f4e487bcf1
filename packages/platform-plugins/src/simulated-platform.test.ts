import { createPlatformModel } from '@scim-connector/fluent-simulator';
import { PluginLoadError } from '@scim-connector/platform';
import { describe, expect, it } from 'vitest';
import { isPlatformName, PLATFORM_NAMES } from './registry.ts';
import { simulatedPlatform, startSimulatedPlatform } from './simulated-platform.ts';

const newUser = {
  username: 'ada@example.com',
  ref: 'ada@example.com',
  status: 'ACTIVE' as const,
  roles: [{ contextType: 'AGENT' as const, contextId: '134', role: 'STORE' }],
};

describe('the platform registration', () => {
  it('knows the plugins by the names configuration uses', () => {
    expect(PLATFORM_NAMES).toEqual(['fluent']);
    expect(isPlatformName('fluent')).toBe(true);
    expect(isPlatformName('toString')).toBe(false);
  });
});

describe('simulatedPlatform', () => {
  it("maps profiles with the plugin's options and creates them on the in-process simulator", async () => {
    const model = createPlatformModel();
    const parts = await simulatedPlatform(model, {
      options: { defaults: { timezone: 'Europe/Paris', language: 'fr-FR' } },
    });
    const profile = parts.mapProfile({ userName: 'ada@example.com', emails: [{ value: 'ada@example.com' }] });
    await parts.client.createUser({
      ...newUser,
      profile,
      userType: { type: 'RETAILER', primaryRetailer: '199' },
    });
    expect(model.getUserByUsername('ada@example.com')).toMatchObject({
      timezone: 'Europe/Paris',
      type: 'RETAILER',
      primaryRetailerId: '199',
      language: { value: 'fr-FR' },
    });
    expect(parts.roleMappingSetting?.name).toBe('fc.connect.scim-connector.provisioning.pipeline.config');
  });

  it('refuses options the plugin does not know', async () => {
    await expect(
      simulatedPlatform(createPlatformModel(), { options: { colour: 'blue' } }),
    ).rejects.toBeInstanceOf(PluginLoadError);
  });
});

// The simulator's child process compiles with tsx as it starts: slow on a busy machine, so a generous bound.
describe('startSimulatedPlatform', { timeout: 120_000 }, () => {
  it('serves the simulator from a child process with the configured credentials, the plugin connected over HTTP', async () => {
    const running = await startSimulatedPlatform({ port: 0 }, { clientId: 'my-client', password: 'p4ss' });
    try {
      expect(running.simulator.credentials).toMatchObject({ clientId: 'my-client', password: 'p4ss' });
      expect(running.simulator.pid()).not.toBe(process.pid);
      expect(await running.parts.client.listRoles()).toContain('STORE');
    } finally {
      await running.close();
    }
  });
});
