/**
 * A PlatformClient straight over a PlatformModel, for the CLI and fast tests: the same platform rules and faults
 * as the HTTP simulator, without the network. Platform refusals become permanent PlatformErrors carrying the
 * Fluent code; injected 429/503 become transient ones carrying Retry-After.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type NewPlatformUser, type PlatformClient, PlatformError } from '@scim-connector/platform';
import { FaultController } from '../faults/fault-controller.ts';
import { toConnection } from '../model/connection.ts';
import { FluentError } from '../model/fluent-error.ts';
import type { PlatformModel } from '../model/platform-model.ts';
import { groupRoles, profileInput, toPlatformUser, userTypeInput } from './platform-user.ts';

export interface InProcessClientOptions {
  /** Faults to apply to every call; share a server's controller to fail both alike. */
  faults?: FaultController;
  /** Values Fluent requires on create when the profile has none. */
  defaults?: { timezone?: string };
}

export function createInProcessClient(
  model: PlatformModel,
  options: InProcessClientOptions = {},
): PlatformClient {
  const faults = options.faults ?? new FaultController();
  const defaults = { timezone: 'UTC', ...options.defaults };

  /** Runs one platform call the way a request to the platform would go: faults first, then the model. */
  async function call<T>(work: () => T): Promise<T> {
    const decision = faults.decide();
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.status) {
      throw new PlatformError(`platform answered HTTP ${decision.status}`, {
        transient: true,
        retryAfterMs: decision.retryAfterSeconds * 1000,
      });
    }
    try {
      return work();
    } catch (error) {
      if (error instanceof FluentError) {
        throw new PlatformError(error.message, { transient: false, code: error.code, cause: error });
      }
      throw error;
    }
  }

  const usernameOf = (id: string) => model.getUserById(id)?.username;
  const acceptUser = (id: string) => {
    const username = usernameOf(id);
    if (username !== undefined) faults.assertUserAccepted(username);
  };

  return {
    findUserByUsername: (username) =>
      call(() => {
        const user = model.getUserByUsername(username);
        return user && toPlatformUser(user);
      }),

    createUser: (user: NewPlatformUser) =>
      call(() => {
        faults.assertUserAccepted(user.username);
        const created = model.createUser({
          ...profileInput(user.profile),
          ref: user.ref,
          username: user.username,
          password: randomUUID(),
          primaryEmail: user.profile.primaryEmail ?? user.username,
          ...userTypeInput(user.userType),
          timezone: user.profile.timezone ?? defaults.timezone,
          roles: groupRoles(user.roles),
        });
        // Fluent's createUser has no status: a user wanted inactive is created, then deactivated.
        return toPlatformUser(
          user.status === 'ACTIVE' ? created : model.updateUser({ id: created.id, status: user.status }),
        );
      }),

    updateUser: (id, change) =>
      call(() => {
        acceptUser(id);
        const input = {
          id,
          ...profileInput(change.profile ?? {}),
          ...(change.userType ? userTypeInput(change.userType) : {}),
          ...(change.status ? { status: change.status } : {}),
        };
        return toPlatformUser(model.updateUser(input));
      }),

    addRoles: (id, roles) =>
      call(() => {
        acceptUser(id);
        model.updateUser({ id, roles: groupRoles(roles) });
      }),

    removeRoles: (id, roles) =>
      call(() => {
        acceptUser(id);
        model.removeUserRolesFromUser({ user: { id }, roles: groupRoles(roles) });
      }),

    // The same order and cursors as the GraphQL `users` connection: newest first, keyed by creation sequence.
    listUsers: ({ after, limit }) =>
      call(() => {
        const page = toConnection(model.listUsers(), (user) => user.seq, true, {
          first: limit,
          after: after ?? null,
        });
        const users = page.edges.map((edge) => toPlatformUser(edge.node));
        const last = page.edges.at(-1);
        return { users, nextCursor: page.pageInfo.hasNextPage && last ? last.cursor : undefined };
      }),

    listRoles: () => call(() => model.listRoles().map((role) => role.name)),

    contextExists: (contextType, contextId) => call(() => model.contextExists(contextType, contextId)),

    readSetting: (name, context) => call(() => model.readSettingValue(name, context)),
  };
}
