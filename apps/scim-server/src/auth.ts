/**
 * Bearer-token authentication. Each configured token is reduced to its SHA-256 digest once; a presented token is
 * digested and compared against every digest with `timingSafeEqual`, so neither the comparison nor the digest
 * lengths leak how much of a token was right, and rotation (several valid tokens) costs nothing extra.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { sendScimError } from '@scim-connector/scim/express';
import type { NextFunction, Request, Response } from 'express';

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export interface TokenVerifier {
  verify(presented: string): boolean;
}

export function createTokenVerifier(tokens: readonly string[]): TokenVerifier {
  const digests = tokens.filter((t) => t.length > 0).map(digest);
  return {
    verify(presented) {
      const candidate = digest(presented);
      let matched = false;
      // No early exit: every digest is compared so timing does not reveal which token (if any) matched.
      for (const known of digests) matched = timingSafeEqual(candidate, known) || matched;
      return matched;
    },
  };
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 6750), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

export function bearerAuth(tokens: readonly string[], realm: string) {
  const verifier = createTokenVerifier(tokens);
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('authorization');
    const token = bearerToken(header);
    if (token !== undefined && verifier.verify(token)) {
      next();
      return;
    }
    const detail =
      header === undefined
        ? `Authentication required: send "Authorization: Bearer <token>" with the ${realm} token.`
        : token === undefined
          ? 'The Authorization header must use the Bearer scheme: "Authorization: Bearer <token>".'
          : `The bearer token is not valid for ${realm}. Check the token configured in the client.`;
    // RFC 6750 section 3: no error code when the client sent no credentials at all.
    const error =
      header === undefined
        ? ''
        : token === undefined
          ? ', error="invalid_request"'
          : ', error="invalid_token"';
    res.setHeader('WWW-Authenticate', `Bearer realm="${realm}"${error}`);
    sendScimError(res, 401, detail);
  };
}
