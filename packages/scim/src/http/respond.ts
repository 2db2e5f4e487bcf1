/** Writing SCIM responses onto express: the SCIM media type, the service's headers, JSON bodies. */
import type { Response } from 'express';
import { ScimError, toErrorDocument } from '../errors.ts';
import type { ScimResponse } from '../service/types.ts';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

export function sendScimResponse(res: Response, response: ScimResponse): void {
  res.status(response.status);
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (response.body === undefined || response.status === 204 || response.status === 304) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', SCIM_CONTENT_TYPE);
  res.end(JSON.stringify(response.body));
}

/** Answers with an RFC 7644 section 3.12 error document (e.g. 401 from the auth layer, 413 from body parsing). */
export function sendScimError(res: Response, error: ScimError | number, detail?: string): void {
  const scimError = typeof error === 'number' ? new ScimError(error, detail ?? '') : error;
  sendScimResponse(res, { status: scimError.status, headers: {}, body: toErrorDocument(scimError) });
}
