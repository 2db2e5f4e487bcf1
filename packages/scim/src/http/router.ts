/**
 * The express 5 router over the SCIM service: parses the body, hands a plain request to the service and writes
 * its answer. Everything a client can get wrong is answered with a SCIM error document; only genuine server
 * faults are 500s, and none of them carries a stack trace.
 */
import type { NextFunction, Request, Response } from 'express';
import { Router } from 'express';
import { internalError } from '../errors.ts';
import type { ScimRequest, ScimService } from '../service/types.ts';
import { bodyErrorToScim, scimBodyParser } from './body.ts';
import { sendScimError, sendScimResponse } from './respond.ts';

export interface ScimRouterOptions {
  /** Largest body accepted (bytes or an express size such as `'1mb'`); beyond it the answer is 413. */
  bodyLimit?: number | string;
  /**
   * The SCIM base URL clients see, e.g. `https://scim.example.com/scim/v2`. When unset it is derived from each
   * request (protocol, Host header and the router's mount path).
   */
  baseUrl?: string;
  /** Called with unexpected errors (answered 500) for logging. */
  onUnexpectedError?: (error: unknown) => void;
}

export function createScimRouter(service: ScimService, options: ScimRouterOptions = {}): Router {
  const router = Router();
  router.use(scimBodyParser(options.bodyLimit));
  router.use(async (req: Request, res: Response) => {
    const response = await service.handle(toScimRequest(req, options.baseUrl));
    sendScimResponse(res, response);
  });
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const scimError = bodyErrorToScim(error);
    if (scimError) {
      sendScimError(res, scimError);
      return;
    }
    options.onUnexpectedError?.(error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendScimError(
      res,
      internalError('The server hit an unexpected error; the request was not applied. Retry later.'),
    );
  });
  return router;
}

function toScimRequest(req: Request, baseUrl: string | undefined): ScimRequest {
  const request: ScimRequest = {
    method: req.method,
    path: req.path,
    query: firstValues(req.query),
    headers: headerValues(req.headers),
    baseUrl: baseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`,
  };
  if (req.body !== undefined) request.body = req.body;
  return request;
}

/** express's query values may be arrays (`?a=1&a=2`); SCIM parameters are single-valued, the first one counts. */
function firstValues(query: Request['query']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
  }
  return out;
}

function headerValues(headers: Request['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(headers))
    out[key] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
