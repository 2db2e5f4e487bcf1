/**
 * The entry point of the simulator's child process: starts the HTTP simulator when the parent says so, answers
 * pings with its memory, and exits when told to stop or when the parent goes away (its IPC channel closes), so
 * a simulator never outlives the server that started it.
 */
import { type SimulatorServer, startSimulatorServer } from '../http/simulator-server.ts';
import { loadFixture } from '../seed/load-fixture.ts';
import { type ChildMessage, isParentMessage, type ParentMessage } from './messages.ts';

let server: SimulatorServer | undefined;

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function stop(code: number): Promise<never> {
  await server?.close().catch(() => undefined);
  process.exit(code);
}

async function handle(message: ParentMessage): Promise<void> {
  switch (message.type) {
    case 'start': {
      try {
        const { seedFile, ...options } = message.options;
        const seed = seedFile ? await loadFixture(seedFile) : undefined;
        server = await startSimulatorServer({ ...options, ...(seed ? { seed } : {}) });
        send({ type: 'listening', url: server.url, port: server.port });
      } catch (error) {
        send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
        await stop(1);
      }
      return;
    }
    case 'ping':
      send({ type: 'pong', id: message.id, rssBytes: process.memoryUsage.rss() });
      return;
    case 'stop':
      await stop(0);
  }
}

process.on('message', (message: unknown) => {
  if (isParentMessage(message)) void handle(message);
});
process.on('disconnect', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
// The server's terminal sends Ctrl-C to the whole process group; the server decides when the simulator stops.
process.on('SIGINT', () => {});
