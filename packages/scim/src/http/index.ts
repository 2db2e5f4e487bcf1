/** `@scim-connector/scim/express`: the express router over the SCIM service, body parsing and SCIM responses. */
export { DEFAULT_BODY_LIMIT, isJsonContentType, scimBodyParser } from './body.ts';
export { SCIM_CONTENT_TYPE, sendScimError, sendScimResponse } from './respond.ts';
export { createScimRouter, type ScimRouterOptions } from './router.ts';
