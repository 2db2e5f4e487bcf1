/**
 * Request body parsing. SCIM clients send `application/scim+json`; Google sends `application/json`; Okta's
 * documents show `text/json`; some send no content type at all. All of these are parsed as JSON. Parser failures
 * become SCIM errors (400 invalidSyntax, 413, 415) instead of express's HTML pages.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { invalidSyntax, invalidValue, payloadTooLarge, ScimError } from '../errors.ts';
import { guardJsonBody, MAX_JSON_DEPTH } from './json-guards.ts';
import { sendScimError } from './respond.ts';

export const DEFAULT_BODY_LIMIT = '1mb';

/** `application/json`, `application/scim+json`, `text/json`, any `+json` suffix; also no content type. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType.trim() === '') return true;
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return mediaType === 'application/json' || mediaType === 'text/json' || mediaType.endsWith('+json');
}

export function scimBodyParser(limit: number | string = DEFAULT_BODY_LIMIT): RequestHandler[] {
  const parse = express.json({
    limit,
    strict: false,
    type: (req) => isJsonContentType(req.headers['content-type']),
    verify: guardJsonBody(MAX_JSON_DEPTH),
  });
  const rejectOtherMediaTypes = (req: Request, res: Response, next: NextFunction): void => {
    if (hasBody(req) && !isJsonContentType(req.headers['content-type'])) {
      sendScimError(
        res,
        new ScimError(
          415,
          `Content-Type ${req.headers['content-type']} is not supported; send application/scim+json or application/json.`,
        ),
      );
      return;
    }
    next();
  };
  return [rejectOtherMediaTypes, parse];
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  message?: string;
}

/** Translates body-parser's errors; anything else is passed on. */
export function bodyErrorToScim(error: unknown): ScimError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  const e = error as BodyParserError;
  switch (e.type) {
    case 'entity.parse.failed':
      return invalidSyntax(`The request body is not valid JSON: ${e.message ?? 'parse error'}.`);
    case 'entity.too.deep':
      return invalidSyntax(
        `The request body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels (${e.message ?? ''}); ` +
          'SCIM resources and PATCH requests need only a few levels.',
      );
    case 'entity.nul.character':
      return invalidValue(
        `The request body contains ${e.message ?? 'a NUL character'}; directory values cannot contain NUL characters.`,
      );
    case 'entity.too.large':
      return payloadTooLarge(
        `The request body is larger than the server accepts (${e.limit ?? 'the configured limit'} bytes). ` +
          'Send fewer operations or members per request.',
      );
    case 'encoding.unsupported':
      return new ScimError(415, 'The Content-Encoding is not supported; send the body uncompressed or gzip.');
    case 'charset.unsupported':
      return new ScimError(415, 'The charset is not supported; send the body as UTF-8.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return invalidSyntax('The request body was incomplete; send it again.');
    default:
      return undefined;
  }
}
