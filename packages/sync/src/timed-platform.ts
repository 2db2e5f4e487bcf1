/** The platform client with every call timed, so metrics can show platform latency and errors per operation. */
import type { PlatformClient } from '@scim-connector/platform';
import type { SyncEvent } from './types.ts';

export function timedPlatform(client: PlatformClient, emit: (event: SyncEvent) => void): PlatformClient {
  function timed<Args extends unknown[], Result>(
    operation: string,
    call: (...args: Args) => Promise<Result>,
  ): (...args: Args) => Promise<Result> {
    return async (...args) => {
      const started = performance.now();
      let ok = false;
      try {
        const result = await call(...args);
        ok = true;
        return result;
      } finally {
        emit({ type: 'platform-call', operation, durationMs: performance.now() - started, ok });
      }
    };
  }
  return {
    findUserByUsername: timed('findUserByUsername', (username) => client.findUserByUsername(username)),
    createUser: timed('createUser', (user) => client.createUser(user)),
    updateUser: timed('updateUser', (id, change) => client.updateUser(id, change)),
    addRoles: timed('addRoles', (id, roles) => client.addRoles(id, roles)),
    removeRoles: timed('removeRoles', (id, roles) => client.removeRoles(id, roles)),
    listUsers: timed('listUsers', (page) => client.listUsers(page)),
    listRoles: timed('listRoles', () => client.listRoles()),
    contextExists: timed('contextExists', (type, id) => client.contextExists(type, id)),
    readSetting: timed('readSetting', (name, context) => client.readSetting(name, context)),
  };
}
