/**
 * The platform check at start (docs/architecture.md, "Readiness"): sign in and read the role catalogue before the
 * sync worker pushes anything. A server with a wrong client secret would otherwise say it is ready while every
 * push failed, and an IdP's initial cycle would park every user. Until the check passes, the sync worker does not
 * start (SCIM writes are still accepted and queued), `/readyz` answers 503 with the platform's reason, and the
 * check is retried with a doubling backoff. The platform's message is logged with every configured secret masked.
 */
import type { Logger } from 'pino';

export interface PlatformCheckSettings {
  /** First retry after this many ms (PLATFORM_CHECK_RETRY_BASE_MS). */
  retryBaseMs: number;
  /** Retries back off, doubling, up to this (PLATFORM_CHECK_RETRY_MAX_MS). */
  retryMaxMs: number;
}

export type PlatformCheckStatus =
  | { state: 'checking' }
  | { state: 'authenticated'; checkedAt: string; roles: number }
  | { state: 'failing'; since: string; attempts: number; reason: string; nextAttemptAt: string };

export interface PlatformCheck {
  status(): PlatformCheckStatus;
  /** Settles after the first attempt, whatever its outcome. */
  readonly firstAttempt: Promise<void>;
  /** Resolves once an attempt has succeeded. */
  readonly passed: Promise<void>;
  /** Stops retrying; `passed` then never resolves. */
  stop(): void;
}

export interface PlatformCheckOptions {
  /** Signs in and reads the role catalogue (the plugin's `listRoles`). */
  readCatalogue: () => Promise<readonly string[]>;
  settings: PlatformCheckSettings;
  logger: Logger;
  /** Masks secrets in a message before it is logged or shown. */
  redact: (text: string) => string;
  now?: () => Date;
}

export function startPlatformCheck(options: PlatformCheckOptions): PlatformCheck {
  const { settings, logger, redact } = options;
  const now = options.now ?? (() => new Date());
  let status: PlatformCheckStatus = { state: 'checking' };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: () => void = () => {};
  const passed = new Promise<void>((resolve) => {
    pass = resolve;
  });

  async function attempt(): Promise<boolean> {
    try {
      const roles = await options.readCatalogue();
      status = { state: 'authenticated', checkedAt: now().toISOString(), roles: roles.length };
      logger.info({ roles: roles.length }, 'platform check passed: signed in and read the role catalogue');
      return true;
    } catch (error) {
      const attempts = status.state === 'failing' ? status.attempts + 1 : 1;
      const delayMs = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.min(attempts - 1, 30));
      const reason = redact(messageOf(error));
      status = {
        state: 'failing',
        since: status.state === 'failing' ? status.since : now().toISOString(),
        attempts,
        reason,
        nextAttemptAt: new Date(now().getTime() + delayMs).toISOString(),
      };
      // The message only: an error object's own fields (a response, a request) may carry what redact never saw.
      logger.error(
        { platformError: reason, attempts, retryInMs: delayMs },
        'platform check failed: cannot sign in to the platform or read its role catalogue; the sync worker waits, /readyz answers 503',
      );
      schedule(delayMs);
      return false;
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void attempt().then((ok) => {
        if (ok && !stopped) pass();
      });
    }, delayMs);
  }

  const firstAttempt = attempt().then((ok) => {
    if (ok && !stopped) pass();
  });
  return {
    status: () => status,
    firstAttempt,
    passed,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** A masker for the secrets among a plugin's options (any string option named like a secret, password or token). */
export function secretRedactor(options: Readonly<Record<string, unknown>>): (text: string) => string {
  const secrets = Object.entries(options)
    .filter(([name, value]) => typeof value === 'string' && value.length >= 4 && SECRET_NAME.test(name))
    .map(([, value]) => value as string);
  return (text) => secrets.reduce((masked, secret) => masked.split(secret).join('[redacted]'), text);
}

const SECRET_NAME = /secret|password|token|key/i;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
