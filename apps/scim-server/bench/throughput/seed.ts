/** Directory data the scenarios need beyond what earlier scenarios created, written through the store directly. */
import { randomUUID } from 'node:crypto';
import { normalizeResource } from '@scim-connector/scim';
import type { Store } from '@scim-connector/store';
import { type BenchUser, entraUser } from './scenarios.ts';

const USERS_PER_TRANSACTION = 500;

export async function seedUsers(store: Store, count: number, runTag: string): Promise<BenchUser[]> {
  const seeded: BenchUser[] = [];
  while (seeded.length < count) {
    const batch = Math.min(USERS_PER_TRANSACTION, count - seeded.length);
    await store.transaction(async (tx) => {
      for (let i = 0; i < batch; i++) {
        const index = seeded.length;
        const userName = `seed.${runTag}.${index}@example.test`;
        // The same canonical form the SCIM service stores for a POST of this body.
        const { resource } = normalizeResource('User', entraUser(userName, index));
        const user = await tx.insertUser({
          id: randomUUID(),
          userName,
          externalId: `ext-${userName}`,
          active: true,
          resource,
        });
        seeded.push({ id: user.id, userName });
      }
    });
  }
  return seeded;
}
