/**
 * Console sessions and CSRF protection.
 *
 * - The session is a signed cookie (cookie-session): HttpOnly, SameSite=Strict, scoped to /console. It holds no
 *   secret, only a random session id and when the admin signed in; the server refuses it after SESSION_TTL_MS
 *   whatever the browser does with the cookie's own expiry. The signing key is derived from the admin token, so
 *   rotating the token signs every console user out.
 * - Every state-changing request carries a CSRF token (csrf-csrf, double submit bound to the session id): a form
 *   field `_csrf`, or the `x-csrf-token` header htmx sends. The sign-in form is protected as well (login CSRF).
 */
import { createHmac, randomBytes } from 'node:crypto';
import cookieParser from 'cookie-parser';
import cookieSession from 'cookie-session';
import { doubleCsrf } from 'csrf-csrf';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'console.session';
export const CSRF_COOKIE = 'console.csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface ConsoleSession {
  /** Random, renewed at sign-in so a session id planted before sign-in is worthless after it. */
  sid: string;
  /** Epoch milliseconds of the sign-in; absent before it. */
  signedInAt?: number;
}

function derivedKey(adminToken: string, purpose: string): string {
  return createHmac('sha256', adminToken).update(`scim-connector console ${purpose}`).digest('base64url');
}

export function newSessionId(): string {
  return randomBytes(18).toString('base64url');
}

export interface SessionTools {
  /** cookie parsing, the session cookie, and a session id for every visitor. */
  middleware: RequestHandler[];
  csrfProtection: RequestHandler;
  csrfToken(req: Request, res: Response): string;
}

export function sessionTools(options: {
  adminToken: string;
  mount: string;
  secureCookies: boolean;
}): SessionTools {
  const { mount, secureCookies } = options;
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => derivedKey(options.adminToken, 'csrf'),
    getSessionIdentifier: (req) => sessionOf(req)?.sid ?? '',
    cookieName: CSRF_COOKIE,
    cookieOptions: { sameSite: 'strict', path: mount, secure: secureCookies, httpOnly: true },
    getCsrfTokenFromRequest: (req) => {
      const field = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      return typeof field === 'string' ? field : req.get(CSRF_HEADER);
    },
  });
  const session = cookieSession({
    name: SESSION_COOKIE,
    keys: [derivedKey(options.adminToken, 'session')],
    path: mount,
    httpOnly: true,
    sameSite: 'strict',
    secure: secureCookies,
    maxAge: SESSION_TTL_MS,
  });
  const ensureSessionId = (req: Request, _res: Response, next: NextFunction) => {
    const current = sessionOf(req);
    if (current?.signedInAt !== undefined && Date.now() - current.signedInAt > SESSION_TTL_MS) {
      req.session = { sid: newSessionId() };
    } else if (!current?.sid) {
      req.session = { sid: newSessionId() };
    }
    next();
  };
  return {
    middleware: [cookieParser(), session, ensureSessionId],
    csrfProtection: doubleCsrfProtection,
    csrfToken: (req, res) => generateCsrfToken(req, res),
  };
}

export function sessionOf(req: Request): ConsoleSession | undefined {
  const session = req.session as Partial<ConsoleSession> | null | undefined;
  return session && typeof session.sid === 'string' ? (session as ConsoleSession) : undefined;
}

export function isSignedIn(req: Request): boolean {
  const signedInAt = sessionOf(req)?.signedInAt;
  return typeof signedInAt === 'number' && Date.now() - signedInAt <= SESSION_TTL_MS;
}

/** A fresh session id on sign-in (session fixation), marked signed in. */
export function signIn(req: Request): void {
  req.session = { sid: newSessionId(), signedInAt: Date.now() } satisfies ConsoleSession;
}

export function signOut(req: Request): void {
  req.session = { sid: newSessionId() } satisfies ConsoleSession;
}

/** Where to go after sign-in: a console path only, never another origin (`//host`, `/\host`). */
export function safeReturnPath(value: unknown, mount: string): string {
  if (typeof value !== 'string') return mount;
  if (!(value === mount || value.startsWith(`${mount}/`) || value.startsWith(`${mount}?`))) return mount;
  if (/[\\\r\n]/.test(value) || value.startsWith('//')) return mount;
  return value;
}
