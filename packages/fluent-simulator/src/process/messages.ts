/**
 * The messages between the server and the simulator it runs in a child process (simulator-process.ts), over
 * Node's IPC channel. Credentials travel here rather than on the command line, where `ps` would show them.
 */
import type { SimulatorCredentials } from '../http/token-service.ts';

export interface ChildStartOptions {
  port: number;
  host: string;
  /** A platform fixture file the child loads; the default seed without one. */
  seedFile?: string;
  credentials: SimulatorCredentials;
}

export type ParentMessage =
  | { type: 'start'; options: ChildStartOptions }
  | { type: 'ping'; id: number }
  | { type: 'stop' };

export type ChildMessage =
  | { type: 'listening'; url: string; port: number }
  | { type: 'failed'; message: string }
  /** The answer to a ping: the child is alive and its event loop turns; with its resident memory. */
  | { type: 'pong'; id: number; rssBytes: number };

export function isParentMessage(value: unknown): value is ParentMessage {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

export function isChildMessage(value: unknown): value is ChildMessage {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}
