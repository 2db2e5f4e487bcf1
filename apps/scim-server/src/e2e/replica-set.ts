/**
 * Server processes sharing one PostgreSQL schema and one recorded Fluent simulator, as the multi-process
 * suites run them (replicas behind a load balancer, a server killed and started again). The schema is dropped
 * first, so the servers start on an empty one and run the migrations themselves, and dropped again by
 * `stop()`.
 */
import type { SimulatorServerOptions } from '@scim-connector/fluent-simulator';
import { dropSchema, TEST_DATABASE_URL } from '@scim-connector/store/testing/postgres';
import { generateToken } from '../tokens.ts';
import { platformEnv } from './connector-harness.ts';
import { type RecordedSimulator, startRecordedSimulator } from './platform-recorder.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';

export interface ReplicaSetOptions {
  schema: string;
  /** Servers started at once, one per name; more can be added later with `add`. */
  names?: string[];
  /** The simulator's faults from the start. */
  faults?: SimulatorServerOptions['faults'];
  /** SYNC_*, LOG_LEVEL ...: the database and the platform settings are added here. */
  env: Record<string, string>;
}

export interface ReplicaSet extends RecordedSimulator {
  /** Every server started so far, in order (killed ones stay listed). */
  replicas: ServerProcess[];
  /** Starts one more server on the same schema, simulator, tokens and settings. */
  add(name: string): Promise<ServerProcess>;
  /** Stops every server, then the simulator, then drops the schema. */
  stop(): Promise<void>;
}

export async function startReplicaSet(options: ReplicaSetOptions): Promise<ReplicaSet> {
  await dropSchema(options.schema);
  const { simulator, mutations } = await startRecordedSimulator({
    port: 0,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const scimToken = generateToken();
  const adminToken = generateToken();
  const env = {
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: options.schema,
    ...options.env,
    ...platformEnv(simulator),
  };
  const start = (name: string) => startServerProcess({ name, scimToken, adminToken, env });
  // Started together: on the empty schema they all run the migrations at once, as a deployment does.
  const started = await Promise.allSettled((options.names ?? []).map(start));
  // In the order of `names`, whichever came up first, so `replicas[0]` is always the first name.
  const replicas = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const set: ReplicaSet = {
    simulator,
    mutations,
    replicas,
    async add(name) {
      const replica = await start(name);
      replicas.push(replica);
      return replica;
    },
    async stop() {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await simulator.close();
      await dropSchema(options.schema);
    },
  };
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    // The caller never gets the set, so nothing else would stop the servers that did start.
    await set.stop();
    throw failed.reason;
  }
  return set;
}
