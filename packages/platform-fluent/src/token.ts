/**
 * The Fluent access token: fetched from `POST /oauth/token` (form body, `fluent.account` header) with the password
 * grant, cached until shortly before `expires_in`, renewed with the refresh token when the platform offers one.
 * Refresh tokens are single-use, so one is dropped the moment it is sent; when the platform refuses it
 * (`invalid_grant`) the manager falls back to the password grant. Concurrent callers share one token request.
 */
import { PlatformError } from '@scim-connector/platform';
import {
  asRecord,
  classifyHttpFailure,
  classifyTransportFailure,
  describeBody,
  type Redact,
  tryParseJson,
} from './errors.ts';
import { type HttpResponse, type HttpTransport, TransportError } from './http/transport.ts';
import { createRedactor } from './redact.ts';
import type { Clock, Logger } from './runtime.ts';

export interface TokenCredentials {
  account: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

export interface TokenManagerDeps {
  transport: HttpTransport;
  clock: Clock;
  logger: Logger;
  redact: Redact;
  timeoutMs: number;
}

/** Renew this long before expiry (capped to a tenth of the lifetime for short-lived tokens). */
const RENEW_BEFORE_EXPIRY_MS = 60_000;
/** Fluent always sends `expires_in`; if a proxy strips it, assume a short life rather than forever. */
const FALLBACK_LIFETIME_MS = 300_000;

interface CachedToken {
  accessToken: string;
  renewAtMs: number;
}

type Grant = { grant_type: 'password' } | { grant_type: 'refresh_token'; refresh_token: string };

export class TokenManager {
  readonly #credentials: TokenCredentials;
  readonly #deps: TokenManagerDeps;
  #cached: CachedToken | undefined;
  #refreshToken: string | undefined;
  #pending: Promise<string> | undefined;
  /** The refresh token last sent: no longer usable, but still masked in case an error echoes it. */
  #spentRefreshToken: string | undefined;
  readonly #redactTokens = createRedactor(() => [
    this.#cached?.accessToken,
    this.#refreshToken,
    this.#spentRefreshToken,
  ]);

  constructor(credentials: TokenCredentials, deps: TokenManagerDeps) {
    this.#credentials = credentials;
    this.#deps = deps;
  }

  /** A valid access token, from the cache when it is not about to expire. */
  getToken(): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#deps.clock.now() < cached.renewAtMs) return Promise.resolve(cached.accessToken);
    this.#pending ??= this.#renew().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** The platform refused `accessToken` (HTTP 401): forget it so the next {@link getToken} fetches a new one. */
  invalidate(accessToken: string): void {
    if (this.#cached?.accessToken === accessToken) this.#cached = undefined;
  }

  /** Masks the configured secrets and the live tokens in text bound for an error message or a log. */
  redact(text: string): string {
    return this.#redactTokens(this.#deps.redact(text));
  }

  async #renew(): Promise<string> {
    const refreshToken = this.#refreshToken;
    if (refreshToken !== undefined) {
      this.#refreshToken = undefined;
      this.#spentRefreshToken = refreshToken;
      try {
        return await this.#request({ grant_type: 'refresh_token', refresh_token: refreshToken });
      } catch (error) {
        if (!(error instanceof PlatformError) || error.transient) throw error;
        this.#deps.logger.debug(
          { reason: error.message },
          'Fluent refused the refresh token; using the password grant',
        );
      }
    }
    return this.#request({ grant_type: 'password' });
  }

  async #request(grant: Grant): Promise<string> {
    const { account, clientId, clientSecret, username, password } = this.#credentials;
    const form = new URLSearchParams({ client_id: clientId, client_secret: clientSecret, scope: 'api' });
    if (grant.grant_type === 'password') {
      form.set('username', username);
      form.set('password', password);
      form.set('grant_type', 'password');
    } else {
      form.set('grant_type', 'refresh_token');
      form.set('refresh_token', grant.refresh_token);
    }

    const requestedAtMs = this.#deps.clock.now();
    let response: HttpResponse;
    try {
      response = await this.#deps.transport.post({
        path: '/oauth/token',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          'fluent.account': account,
        },
        body: form.toString(),
        timeoutMs: this.#deps.timeoutMs,
      });
    } catch (error) {
      if (error instanceof TransportError)
        throw classifyTransportFailure('token request', error, (text) => this.redact(text));
      throw error;
    }
    return this.#accept(grant, response, requestedAtMs);
  }

  #accept(grant: Grant, response: HttpResponse, requestedAtMs: number): string {
    const { clock } = this.#deps;
    const redact = (text: string) => this.redact(text);
    if (response.status < 200 || response.status >= 300) {
      const failure = classifyHttpFailure(`${grant.grant_type} token request`, response, clock.now(), redact);
      if (failure.transient) throw failure;
      const { detail } = describeBody(response.body);
      const message =
        `Fluent ${grant.grant_type} token request failed: HTTP ${response.status}${detail ? ` — ${detail}` : ''}. ` +
        credentialHint(response.status, this.#credentials.account);
      throw new PlatformError(redact(message), {
        transient: false,
        ...(failure.code !== undefined && { code: failure.code }),
      });
    }
    const body = asRecord(tryParseJson(response.body));
    const accessToken = body?.access_token;
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new PlatformError(
        'Fluent token request failed: the answer has no access_token; check that the configured url is the ' +
          'account API base (e.g. https://ACME.sandbox.api.fluentretail.com)',
        { transient: false },
      );
    }
    const lifetimeMs = typeof body?.expires_in === 'number' ? body.expires_in * 1000 : FALLBACK_LIFETIME_MS;
    const margin = Math.min(RENEW_BEFORE_EXPIRY_MS, lifetimeMs / 10);
    this.#cached = { accessToken, renewAtMs: requestedAtMs + lifetimeMs - margin };
    this.#refreshToken = typeof body?.refresh_token === 'string' ? body.refresh_token : undefined;
    return accessToken;
  }
}

function credentialHint(status: number, account: string): string {
  if (status === 404) return 'Check the configured url: it has no /oauth/token endpoint';
  return (
    `Check the clientId, clientSecret, username and password configured for Fluent account "${account}" ` +
    '(FLUENT_CLIENT_ID, FLUENT_CLIENT_SECRET, FLUENT_USERNAME, FLUENT_PASSWORD)'
  );
}
