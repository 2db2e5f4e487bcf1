/** A review finding before it is placed: which rules document it is in, and how serious it is. */
import type { Finding } from '../rules-folder/finding.ts';
import type { ReviewCheck, ReviewSeverity } from '../types.ts';

export type RulesDocument = 'governance' | 'roleMappings' | 'groupRoles';

export interface ReviewFinding extends Finding {
  document: RulesDocument;
  severity: ReviewSeverity;
  check: ReviewCheck;
}
