/**
 * A Fluent simulator whose model counts the mutations each username receives, so tests can prove no account was
 * created twice and no user was pushed twice for one change. Counted on entry: a duplicate create that the
 * platform refuses still counts, since it means two workers pushed the same user.
 */

import {
  createPlatformModel,
  type PlatformModel,
  type SimulatorServer,
  type SimulatorServerOptions,
  startSimulatorServer,
} from '@scim-connector/fluent-simulator';
import { formatRoleName } from '@scim-connector/role-grammar';

export type MutationKind = 'createUser' | 'updateUser' | 'removeUserRolesFromUser';

export class MutationLog {
  private readonly counts = new Map<string, Record<MutationKind, number>>();

  record(kind: MutationKind, username: string): void {
    const entry = this.counts.get(username) ?? { createUser: 0, updateUser: 0, removeUserRolesFromUser: 0 };
    entry[kind]++;
    this.counts.set(username, entry);
  }

  count(kind: MutationKind, username: string): number {
    return this.counts.get(username)?.[kind] ?? 0;
  }

  /** Usernames with more than `max` mutations of `kind`, with their counts. */
  over(kind: MutationKind, max: number): Record<string, number> {
    const over: Record<string, number> = {};
    for (const [username, entry] of this.counts) if (entry[kind] > max) over[username] = entry[kind];
    return over;
  }

  total(kind: MutationKind): number {
    let sum = 0;
    for (const entry of this.counts.values()) sum += entry[kind];
    return sum;
  }

  reset(): void {
    this.counts.clear();
  }
}

export interface RecordedSimulator {
  simulator: SimulatorServer;
  mutations: MutationLog;
}

export async function startRecordedSimulator(
  options: SimulatorServerOptions = {},
): Promise<RecordedSimulator> {
  const model = options.model ?? createPlatformModel(options.seed);
  const mutations = new MutationLog();
  recordMutations(model, mutations);
  const simulator = await startSimulatorServer({ ...options, model });
  return { simulator, mutations };
}

function recordMutations(model: PlatformModel, log: MutationLog): void {
  const usernameOf = (id: string | null | undefined) =>
    (id ? model.getUserById(id)?.username : undefined) ?? `#${id}`;
  const createUser = model.createUser.bind(model);
  const updateUser = model.updateUser.bind(model);
  const removeRoles = model.removeUserRolesFromUser.bind(model);
  model.createUser = (input, seeded) => {
    log.record('createUser', input?.username ?? '?');
    return createUser(input, seeded);
  };
  model.updateUser = (input) => {
    log.record('updateUser', usernameOf(input?.id));
    return updateUser(input);
  };
  model.removeUserRolesFromUser = (input) => {
    log.record('removeUserRolesFromUser', input?.user.username ?? usernameOf(input?.user.id));
    return removeRoles(input);
  };
}

/** Every account as `username STATUS ROLE,ROLE`, sorted: two platforms in the same state give equal lists. */
export function platformState(simulator: SimulatorServer): string[] {
  return simulator.model
    .listUsers()
    .map((user) => {
      const roles = user.roles
        .flatMap((userRole) =>
          userRole.contexts.map((context) =>
            formatRoleName({
              contextType: context.contextType as 'ACCOUNT' | 'RETAILER' | 'AGENT',
              contextId: context.contextId,
              role: userRole.roleName,
            }),
          ),
        )
        .sort();
      return `${user.username} ${user.status} ${roles.join(',')}`;
    })
    .sort();
}
