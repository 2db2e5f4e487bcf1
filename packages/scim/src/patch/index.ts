export { applyPatch } from './apply.ts';
export { referencedMemberIds } from './members.ts';
export { normalizePatchRequest } from './normalize.ts';
export type {
  PatchContext,
  PatchOperation,
  PatchOpName,
  PatchResult,
  PatchWarning,
  PatchWarningCode,
} from './operation.ts';
