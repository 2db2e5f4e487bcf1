/**
 * Fault injection for reliability tests and benchmarks: added latency, a share of requests answered 429 (with
 * Retry-After) or 503, a full outage, and usernames the platform permanently refuses. Changeable while running;
 * with `randomSeed` set, which requests fail and how long each waits repeat exactly from run to run.
 */
import { FluentError, FluentErrorCode } from '../model/fluent-error.ts';
import { type Random, seededRandom } from './random.ts';

export interface FaultSettings {
  /** Added to every request, in milliseconds. */
  latencyMs: number;
  /** Plus a random 0..latencyJitterMs. */
  latencyJitterMs: number;
  /** Share of requests (0..1) answered 429 Too Many Requests. */
  rate429: number;
  /** Share of requests (0..1) answered 503 Service Unavailable. */
  rate503: number;
  /** Retry-After sent with 429 and 503 answers, in seconds. */
  retryAfterSeconds: number;
  /** When true every request is answered 503, as during a platform outage. */
  outage: boolean;
  /** Mutations on these usernames fail permanently (C0110E), as for a user the platform refuses. */
  failingUsernames: string[];
  /** Seed for the random generator; unset means Math.random. Setting it restarts the sequence. */
  randomSeed: number | undefined;
}

/** What happens to one request: wait `delayMs`, then fail with `status` if set. */
export interface FaultDecision {
  delayMs: number;
  status?: 429 | 503;
  retryAfterSeconds: number;
}

export interface FaultCounts {
  tooManyRequests: number;
  unavailable: number;
  refusedUsers: number;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  latencyJitterMs: 0,
  rate429: 0,
  rate503: 0,
  retryAfterSeconds: 1,
  outage: false,
  failingUsernames: [],
  randomSeed: undefined,
});

export class FaultController {
  private current: FaultSettings = { ...NO_FAULTS, failingUsernames: [] };
  private random: Random = Math.random;
  readonly counts: FaultCounts = { tooManyRequests: 0, unavailable: 0, refusedUsers: 0 };

  constructor(initial: Partial<FaultSettings> = {}) {
    this.set(initial);
  }

  get settings(): Readonly<FaultSettings> {
    return this.current;
  }

  /** Changes the settings given and keeps the others. */
  set(change: Partial<FaultSettings>): Readonly<FaultSettings> {
    const next: FaultSettings = { ...this.current, ...change };
    next.failingUsernames = [...(change.failingUsernames ?? this.current.failingUsernames)];
    checkSettings(next);
    this.current = next;
    if ('randomSeed' in change) {
      this.random = next.randomSeed === undefined ? Math.random : seededRandom(next.randomSeed);
    }
    return this.current;
  }

  /** Back to a healthy platform (the random generator is left as it is). */
  reset(): void {
    this.current = { ...NO_FAULTS, failingUsernames: [], randomSeed: this.current.randomSeed };
  }

  /** Decides one request's fate; draws from the generator in a fixed order so seeded runs repeat. */
  decide(): FaultDecision {
    const { latencyMs, latencyJitterMs, rate429, rate503, retryAfterSeconds, outage } = this.current;
    const delayMs = latencyMs + (latencyJitterMs > 0 ? Math.floor(this.random() * (latencyJitterMs + 1)) : 0);
    let status: 429 | 503 | undefined;
    if (outage) status = 503;
    else if (rate429 > 0 || rate503 > 0) {
      const draw = this.random();
      if (draw < rate429) status = 429;
      else if (draw < rate429 + rate503) status = 503;
    }
    if (status === 429) this.counts.tooManyRequests++;
    if (status === 503) this.counts.unavailable++;
    return status ? { delayMs, status, retryAfterSeconds } : { delayMs, retryAfterSeconds };
  }

  /** Throws the platform's permanent refusal when mutations on this username are set to fail. */
  assertUserAccepted(username: string): void {
    if (!this.current.failingUsernames.includes(username)) return;
    this.counts.refusedUsers++;
    throw new FluentError(
      FluentErrorCode.invalidInput,
      `user "${username}" is refused by the platform (permanent failure injected by the simulator)`,
    );
  }
}

function checkSettings(settings: FaultSettings): void {
  const problems: string[] = [];
  for (const field of ['latencyMs', 'latencyJitterMs', 'retryAfterSeconds'] as const) {
    if (!Number.isFinite(settings[field]) || settings[field] < 0)
      problems.push(`${field} must be a number >= 0`);
  }
  for (const field of ['rate429', 'rate503'] as const) {
    if (!(settings[field] >= 0 && settings[field] <= 1)) problems.push(`${field} must be between 0 and 1`);
  }
  if (settings.rate429 + settings.rate503 > 1) problems.push('rate429 + rate503 must not exceed 1');
  if (settings.randomSeed !== undefined && !Number.isInteger(settings.randomSeed)) {
    problems.push('randomSeed must be an integer');
  }
  if (problems.length > 0) throw new RangeError(`Invalid fault settings: ${problems.join('; ')}`);
}
