export { createScimService } from './create-service.ts';
export { DEFAULT_COUNT, MAX_COUNT } from './list-params.ts';
export type {
  ScimRequest,
  ScimResponse,
  ScimService,
  ScimServiceOptions,
  TemporaryOutage,
  UserExtensionHook,
  UserExtensionState,
} from './types.ts';
export type { NoticeHandler, WriteNotice } from './warnings.ts';
