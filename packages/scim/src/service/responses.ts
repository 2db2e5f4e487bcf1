/** Building the service's responses: resources with their ETag, list responses, errors. */
import { type ScimError, toErrorDocument } from '../errors.ts';
import type { JsonObject } from '../resource/json.ts';
import { versionTag } from '../resource/project.ts';
import { LIST_RESPONSE_MESSAGE } from '../schema/urns.ts';
import type { ScimResponse } from './types.ts';

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ScimResponse {
  return { status, headers, body };
}

export function noContent(headers: Record<string, string> = {}): ScimResponse {
  return { status: 204, headers };
}

/** A single resource, with `ETag` from its version (RFC 7644 section 3.14). */
export function resourceResponse(
  status: number,
  body: JsonObject,
  version: number,
  headers: Record<string, string> = {},
): ScimResponse {
  return { status, headers: { ETag: versionTag(version), ...headers }, body };
}

export function notModified(version: number): ScimResponse {
  return { status: 304, headers: { ETag: versionTag(version) } };
}

export function errorResponse(error: ScimError, headers: Record<string, string> = {}): ScimResponse {
  return { status: error.status, headers, body: toErrorDocument(error) };
}

export interface ListResponseBody {
  schemas: [typeof LIST_RESPONSE_MESSAGE];
  totalResults: number;
  itemsPerPage: number;
  startIndex: number;
  Resources: JsonObject[];
}

/** Counts are always integers (Okta checks), and `Resources` is `[]`, never absent, when nothing matched. */
export function listResponse(
  totalResults: number,
  startIndex: number,
  resources: JsonObject[],
): ScimResponse {
  const body: ListResponseBody = {
    schemas: [LIST_RESPONSE_MESSAGE],
    totalResults,
    itemsPerPage: resources.length,
    startIndex,
    Resources: resources,
  };
  return jsonResponse(200, body);
}
