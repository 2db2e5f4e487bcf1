/**
 * The platform's OAuth token endpoint logic, as Fluent documents it: the password grant with the API client's id and
 * secret and an API user's username and password; optional single-use refresh tokens; opaque access tokens that
 * expire. Knows nothing of HTTP: it takes the request parameters and says which status and body to answer.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';

export interface SimulatorCredentials {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

export interface TokenServiceOptions {
  credentials: SimulatorCredentials;
  accessTokenTtlSeconds?: number;
  /** Issue a refresh token with each access token (as accounts with refresh tokens enabled do). */
  refreshTokens?: boolean;
  now?: () => number;
}

export interface TokenAnswer {
  status: 200 | 400 | 401;
  body: Record<string, unknown>;
}

export function generateCredentials(given: Partial<SimulatorCredentials> = {}): SimulatorCredentials {
  return {
    clientId: given.clientId ?? 'scim-connector',
    clientSecret: given.clientSecret ?? randomUUID(),
    username: given.username ?? 'scim-connector-api',
    password: given.password ?? randomUUID(),
  };
}

export class TokenService {
  readonly credentials: SimulatorCredentials;
  private readonly ttlSeconds: number;
  private readonly refreshTokens: boolean;
  private readonly now: () => number;
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokenSet = new Set<string>();

  constructor(options: TokenServiceOptions) {
    this.credentials = options.credentials;
    this.ttlSeconds = options.accessTokenTtlSeconds ?? 86_400;
    this.refreshTokens = options.refreshTokens ?? true;
    this.now = options.now ?? Date.now;
  }

  /** Answers a token request; `params` merges the query string and the form body. */
  grant(params: URLSearchParams): TokenAnswer {
    const grantType = params.get('grant_type');
    const refreshToken = params.get('refresh_token');
    if (
      !sameText(params.get('client_id'), this.credentials.clientId) ||
      !sameText(params.get('client_secret'), this.credentials.clientSecret)
    ) {
      return oauthError(401, 'invalid_client', 'Bad client credentials');
    }
    const scope = params.get('scope');
    if (scope !== null && scope !== 'api')
      return oauthError(400, 'invalid_scope', `Unknown scope "${scope}"; use "api"`);

    if (grantType === 'refresh_token' || (refreshToken !== null && grantType !== 'password')) {
      if (refreshToken === null) return oauthError(400, 'invalid_request', 'refresh_token is required');
      if (!this.refreshTokenSet.delete(refreshToken))
        return oauthError(400, 'invalid_grant', 'Invalid refresh token');
      return this.issue();
    }
    if (grantType === null)
      return oauthError(400, 'invalid_request', 'grant_type is required (use "password")');
    if (grantType !== 'password') {
      return oauthError(400, 'unsupported_grant_type', `Unsupported grant type "${grantType}"`);
    }
    if (
      !sameText(params.get('username'), this.credentials.username) ||
      !sameText(params.get('password'), this.credentials.password)
    ) {
      return oauthError(400, 'invalid_grant', 'Bad credentials');
    }
    return this.issue();
  }

  /** Whether an `Authorization` header carries a live access token. */
  authorize(header: string | undefined): boolean {
    const match = /^bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) return false;
    const expiresAt = this.accessTokens.get(match[1] as string);
    if (expiresAt === undefined) return false;
    if (expiresAt <= this.now()) {
      this.accessTokens.delete(match[1] as string);
      return false;
    }
    return true;
  }

  /** Invalidates every access and refresh token, as after a credentials rotation. */
  revokeAll(): void {
    this.accessTokens.clear();
    this.refreshTokenSet.clear();
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [token, expiresAt] of this.accessTokens) if (expiresAt <= now) this.accessTokens.delete(token);
  }

  private issue(): TokenAnswer {
    if (this.accessTokens.size >= SWEEP_THRESHOLD) this.forgetExpired();
    const accessToken = randomUUID();
    this.accessTokens.set(accessToken, this.now() + this.ttlSeconds * 1000);
    const body: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: this.ttlSeconds,
      scope: 'api',
    };
    if (this.refreshTokens) {
      const refresh = randomUUID();
      this.refreshTokenSet.add(refresh);
      body.refresh_token = refresh;
    }
    Object.assign(body, {
      Retailer_id: null,
      User_id: 1,
      FirstName: this.credentials.username,
      LastName: '',
      Roles: [],
    });
    return { status: 200, body };
  }
}

/** Tokens are kept until used after expiry; past this many, issuing a token first drops the expired ones. */
const SWEEP_THRESHOLD = 10_000;

function oauthError(status: 400 | 401, error: string, description: string): TokenAnswer {
  return { status, body: { error, error_description: description } };
}

function sameText(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
