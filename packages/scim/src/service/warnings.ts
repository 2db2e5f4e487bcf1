/**
 * What a write tolerated instead of failing: attributes dropped on purpose (read-only, write-only, unknown) and
 * PATCH warnings such as an unknown member id skipped. They do not change the response (the IdP would only
 * retry), so they go to whoever the service was given to report them to, normally the server log.
 */
import type { PatchWarning } from '../patch/operation.ts';
import type { ScimRequest } from './types.ts';

export interface WriteNotice {
  /** `ignored` for dropped input, otherwise the PATCH warning code. */
  code: 'ignored' | PatchWarning['code'];
  detail: string;
}

export type NoticeHandler = (notices: readonly WriteNotice[], request: ScimRequest) => void;

export interface WriteReporter {
  ignored(details: readonly string[]): void;
  warnings(warnings: readonly PatchWarning[]): void;
  /** Hands everything collected to the handler, once the write committed. */
  flush(): void;
}

export function writeReporter(request: ScimRequest, handler: NoticeHandler | undefined): WriteReporter {
  let notices: WriteNotice[] = [];
  return {
    ignored(details) {
      for (const detail of details) notices.push({ code: 'ignored', detail });
    },
    warnings(warnings) {
      // A retried transaction reports again; keep only the latest attempt's warnings.
      notices = notices.filter((notice) => notice.code === 'ignored');
      for (const warning of warnings) notices.push({ code: warning.code, detail: warning.detail });
    },
    flush() {
      if (notices.length > 0) handler?.(notices, request);
      notices = [];
    },
  };
}
