/**
 * What a write tolerated instead of failing: attributes dropped on purpose (read-only, write-only, unknown) and
 * PATCH warnings such as an unknown member id skipped. They do not change the response (the IdP would only
 * retry), so they go to whoever the service was given to report them to, normally the server log.
 */
import type { PatchWarning } from '../patch/operation.ts';
import type { ScimRequest } from './types.ts';

export interface WriteNotice {
  /** `ignored` for dropped input, `more` for the summary of notices left out, otherwise the PATCH warning code. */
  code: 'ignored' | 'more' | PatchWarning['code'];
  detail: string;
}

/**
 * One request hands over at most this many notices, each at most MAX_NOTICE_LENGTH characters, and a summary of
 * the rest: a request of thousands of operations must not write a megabyte-long log line.
 */
export const MAX_NOTICES = 20;
export const MAX_NOTICE_LENGTH = 300;

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
      if (notices.length > 0) handler?.(capNotices(notices), request);
      notices = [];
    },
  };
}

export function capNotices(notices: readonly WriteNotice[]): WriteNotice[] {
  const kept = notices.slice(0, MAX_NOTICES).map((notice) => ({
    code: notice.code,
    detail:
      notice.detail.length > MAX_NOTICE_LENGTH
        ? `${notice.detail.slice(0, MAX_NOTICE_LENGTH - 1)}…`
        : notice.detail,
  }));
  const left = notices.length - kept.length;
  if (left > 0) {
    const counts = new Map<string, number>();
    for (const notice of notices.slice(MAX_NOTICES))
      counts.set(notice.code, (counts.get(notice.code) ?? 0) + 1);
    const byCode = [...counts].map(([code, count]) => `${count} ${code}`).join(', ');
    kept.push({ code: 'more', detail: `${left} more notices not listed (${byCode}).` });
  }
  return kept;
}
