/**
 * The SCIM store port, telling the sync engine when there is work: after a transaction that marked users dirty
 * has committed. The store marks users dirty inside the write's own transaction (a user write marks that user, a
 * group write every member and ex-member), so "a dirty-marking write was called and the transaction committed"
 * is exactly "there are newly dirty users to claim". A rolled-back write wakes nobody, and reads never do.
 */
import type { ScimStore, ScimTransaction } from '@scim-connector/scim';

/**
 * `store` with `onCommitted` called after each committed transaction that made a dirty-marking write, and after
 * each `createUser` (a write of its own, outside `transaction`). The store ports are plain objects of functions,
 * so a copy with those functions replaced keeps every other one as it is; a write the port gains outside
 * `transaction` must be replaced here too, or its users wait for the engine's next idle poll.
 */
export function wakeOnCommit(store: ScimStore, onCommitted: () => void): ScimStore {
  return {
    ...store,
    async transaction(work) {
      let marked = false;
      const result = await store.transaction((tx) =>
        work(
          noticingWrites(tx, () => {
            marked = true;
          }),
        ),
      );
      if (marked) onCommitted();
      return result;
    },
    async createUser(user, journal) {
      // A create always marks the user it stored.
      const created = await store.createUser(user, journal);
      onCommitted();
      return created;
    },
  };
}

/** The transaction with each dirty-marking write (see ScimTransaction) reported once it succeeded. */
function noticingWrites(tx: ScimTransaction, onWrite: () => void): ScimTransaction {
  const noted = <T>(write: Promise<T>): Promise<T> =>
    write.then((result) => {
      onWrite();
      return result;
    });
  return {
    ...tx,
    insertUser: (user) => noted(tx.insertUser(user)),
    updateUser: (id, user, options) => noted(tx.updateUser(id, user, options)),
    deleteUser: (id) => noted(tx.deleteUser(id)),
    insertGroup: (group) => noted(tx.insertGroup(group)),
    updateGroup: (id, group, options) => noted(tx.updateGroup(id, group, options)),
    deleteGroup: (id) => noted(tx.deleteGroup(id)),
    changeMembers: (id, change, options) => noted(tx.changeMembers(id, change, options)),
  };
}
