/** Adapts the store package's `Store` to what the app needs (AppStore): the journal as one ordered stream. */
import type { Store } from '@scim-connector/store';
import type { AppStore } from './app.ts';

const JOURNAL_PAGE = 500;

export function appStore(store: Store): AppStore {
  return {
    scim: store,
    ping: () => store.ping(),
    async *readJournal() {
      let afterSeq: number | undefined;
      for (;;) {
        const page = await store.readJournal({
          limit: JOURNAL_PAGE,
          ...(afterSeq !== undefined ? { afterSeq } : {}),
        });
        for (const record of page) yield record.entry;
        const last = page.at(-1);
        if (!last || page.length < JOURNAL_PAGE) return;
        afterSeq = last.seq;
      }
    },
  };
}
