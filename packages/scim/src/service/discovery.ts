/** The discovery endpoints (RFC 7644 section 4), generated from the schema declarations. */
import {
  resourceTypeDocumentById,
  resourceTypesListResponse,
  schemaDocumentById,
  schemasListResponse,
  serviceProviderConfig,
} from '../schema/discovery.ts';
import type { RequestContext } from './context.ts';
import { MAX_COUNT } from './list-params.ts';
import { jsonResponse } from './responses.ts';
import type { ScimResponse } from './types.ts';

export function getServiceProviderConfig(ctx: RequestContext): ScimResponse {
  return jsonResponse(200, serviceProviderConfig(ctx.baseUrl, { maxResults: MAX_COUNT }));
}

export function getResourceTypes(ctx: RequestContext, id: string | undefined): ScimResponse {
  return jsonResponse(
    200,
    id === undefined ? resourceTypesListResponse(ctx.baseUrl) : resourceTypeDocumentById(id, ctx.baseUrl),
  );
}

export function getSchemas(ctx: RequestContext, id: string | undefined): ScimResponse {
  return jsonResponse(
    200,
    id === undefined ? schemasListResponse(ctx.baseUrl) : schemaDocumentById(id, ctx.baseUrl),
  );
}
