/**
 * The whole connector for end-to-end sync tests: the server (SCIM + admin + sync worker) on port 0 and a Fluent
 * simulator on port 0, talking over real HTTP through the Fluent plugin. The simulator runs in the test process
 * (PLATFORM=fluent pointed at it), so it outlives server restarts and the tests can inspect and fault it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type SimulatorServer, startSimulatorServer } from '@scim-connector/fluent-simulator';
import { formatRoleName } from '@scim-connector/role-grammar';
import type { Store } from '@scim-connector/store';
import { loadConfig } from '../config.ts';
import { type RunningConnector, startConnector } from '../connector.ts';
import { createLogger } from '../logging.ts';
import { generateToken } from '../tokens.ts';

export const RULES_DIR = fileURLToPath(new URL('../../../../rules', import.meta.url));
export const CONNECTOR_USER = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:User';

export interface Reply {
  status: number;
  json: Record<string, unknown>;
  text: string;
  /** Response headers, names lower-case. */
  headers: Record<string, string>;
}

/** Environment that points a server at `simulator` (PLATFORM=fluent with the simulator's credentials). */
export function platformEnv(simulator: SimulatorServer): Record<string, string> {
  return {
    PLATFORM: 'fluent',
    FLUENT_URL: simulator.url,
    FLUENT_ACCOUNT: 'SIMULATOR',
    FLUENT_CLIENT_ID: simulator.credentials.clientId,
    FLUENT_CLIENT_SECRET: simulator.credentials.clientSecret,
    FLUENT_USERNAME: simulator.credentials.username,
    FLUENT_PASSWORD: simulator.credentials.password,
  };
}

/** A client for a server at `url`, as an IdP and an admin would use it. */
export class ServerClient {
  constructor(
    readonly url: string,
    private readonly scimToken: string,
    private readonly adminToken: string,
  ) {}

  scim(method: string, pathAndQuery: string, body?: unknown): Promise<Reply> {
    return this.request(method, `/scim/v2${pathAndQuery}`, this.scimToken, body);
  }

  admin(method: string, pathAndQuery: string, body?: unknown): Promise<Reply> {
    return this.request(method, `/admin${pathAndQuery}`, this.adminToken, body);
  }

  /** A SCIM write that must succeed; returns the body. */
  async write(method: string, pathAndQuery: string, body?: unknown): Promise<Record<string, unknown>> {
    const reply = await this.scim(method, pathAndQuery, body);
    if (reply.status >= 300)
      throw new Error(`${method} ${pathAndQuery} answered ${reply.status}: ${reply.text}`);
    return reply.json;
  }

  /** Waits until the queue is empty and nothing is in flight (parked users aside). */
  async settled(timeoutMs = 30_000): Promise<{ depth: number; parked: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { json } = await this.admin('GET', '/sync');
      const queue = json.queue as { depth: number; parked: number; inFlight: number };
      if (queue.depth === 0 && queue.inFlight === 0) return queue;
      if (Date.now() > deadline) throw new Error(`sync did not settle: ${JSON.stringify(json.queue)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private async request(method: string, pathAndQuery: string, token: string, body?: unknown): Promise<Reply> {
    const response = await fetch(`${this.url}${pathAndQuery}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'Content-Type': 'application/scim+json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      // Not JSON (e.g. metrics); the text is there.
    }
    return { status: response.status, json, text, headers: Object.fromEntries(response.headers) };
  }
}

/** The platform account as the tests compare it: status and sorted canonical role names. */
export function accountOf(
  simulator: SimulatorServer,
  username: string,
): { status: string; roles: string[] } | undefined {
  const user = simulator.model.getUserByUsername(username);
  if (!user) return undefined;
  const roles = user.roles.flatMap((userRole) =>
    userRole.contexts.map((context) =>
      formatRoleName({
        contextType: context.contextType as 'ACCOUNT' | 'RETAILER' | 'AGENT',
        contextId: context.contextId,
        role: userRole.roleName,
      }),
    ),
  );
  return { status: user.status, roles: roles.sort() };
}

export interface TestConnector {
  client: ServerClient;
  connector: RunningConnector;
  simulator: SimulatorServer;
  stop(): Promise<void>;
}

/** The server in-process over `store`, against a simulator of its own started on port 0. */
export async function startTestConnector(
  store: Store,
  options: { env?: Record<string, string>; simulator?: SimulatorServer } = {},
): Promise<TestConnector> {
  const simulator = options.simulator ?? (await startSimulatorServer({ port: 0 }));
  const dataDir = await mkdtemp(path.join(tmpdir(), 'scim-connector-e2e-'));
  const scimToken = generateToken();
  const adminToken = generateToken();
  const config = loadConfig(
    {
      PORT: '0',
      DATA_DIR: dataDir,
      RULES_DIR,
      SCIM_TOKEN: scimToken,
      ADMIN_TOKEN: adminToken,
      SYNC_INTERVAL_MS: '200',
      SYNC_RETRY_BASE_MS: '100',
      SYNC_RETRY_MAX_MS: '1000',
      // The suites load users as fast as the server takes them, beyond any IdP's pace (rate-limit tests set their own).
      SCIM_RATE_LIMIT: '0',
      ...platformEnv(simulator),
      ...options.env,
    },
    dataDir,
  );
  const connector = await startConnector(config, { logger: createLogger('silent'), store });
  return {
    client: new ServerClient(connector.url, scimToken, adminToken),
    connector,
    simulator,
    async stop() {
      await connector.stop();
      if (!options.simulator) await simulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
