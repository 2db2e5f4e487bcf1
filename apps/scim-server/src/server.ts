/**
 * Starting and stopping the HTTP listener. Stopping drains: the listener closes, idle keep-alive connections are
 * dropped, in-flight requests finish (up to a deadline), then the store closes.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';

export interface RunningServer {
  server: Server;
  /** e.g. `http://127.0.0.1:8080`. */
  url: string;
  stop(): Promise<void>;
}

export async function listen(app: express.Express, port: number, host: string): Promise<RunningServer> {
  const server = app.listen(port, host);
  const shutdown = { stopping: false };
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (shutdown.stopping) res.setHeader('Connection', 'close');
    // A keep-alive connection whose last response just finished would otherwise hold the close until it times out.
    res.on('finish', () => {
      if (shutdown.stopping) setImmediate(() => server.closeIdleConnections());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    stop: () => {
      shutdown.stopping = true;
      return stopServer(server);
    },
  };
}

const DRAIN_DEADLINE_MS = 10_000;

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => server.closeAllConnections(), DRAIN_DEADLINE_MS);
    deadline.unref();
    server.close((error) => {
      clearTimeout(deadline);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
