/**
 * Runs the sync worker only while nothing holds it back: the platform check has not passed yet
 * (platform-check.ts), or this process could not load the rules version the database records
 * (rules-version-poller.ts). Either way, pushing would mean deciding without a working platform or with rules the
 * admin has replaced, so the worker waits (fail closed); SCIM writes are still accepted and queued meanwhile.
 */
export type WorkerHold = 'not-started' | 'platform-check' | 'rules-behind';

export interface WorkerGate {
  /** Resolves once the worker is stopped or running as the holds say (callers need not wait). */
  hold(reason: WorkerHold): Promise<void>;
  release(reason: WorkerHold): Promise<void>;
  /** What holds the worker now; empty while it runs. */
  holds(): WorkerHold[];
  /** Holds the worker for good and waits until it has stopped. */
  close(): Promise<void>;
}

export function createWorkerGate(worker: { start(): void; stop(): Promise<void> }): WorkerGate {
  const holds = new Set<WorkerHold>(['not-started']);
  let closed = false;
  let running = false;
  let transition: Promise<void> = Promise.resolve();

  const apply = async (): Promise<void> => {
    const shouldRun = !closed && holds.size === 0;
    if (shouldRun && !running) {
      running = true;
      worker.start();
    } else if (!shouldRun && running) {
      running = false;
      await worker.stop();
    }
  };
  /** One transition at a time, each from the holds as they are when it runs. */
  const settle = (): Promise<void> => {
    const run = transition.then(apply);
    transition = run.catch(() => undefined);
    return run;
  };

  return {
    hold(reason) {
      holds.add(reason);
      return settle();
    },
    release(reason) {
      holds.delete(reason);
      return settle();
    },
    holds: () => [...holds],
    close() {
      closed = true;
      return settle();
    },
  };
}
