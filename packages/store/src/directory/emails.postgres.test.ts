import { describe } from 'vitest';
import { openPostgres } from '../connection/postgres.ts';
import { openStore } from '../open-store.ts';
import { emailWritesTest } from '../testing/email-writes.ts';
import { useSharedTestSchema } from '../testing/postgres.ts';

describe('email rows on PostgreSQL', () => {
  const { url, schema } = useSharedTestSchema(`email_writes_${process.pid}_${Date.now().toString(36)}`);
  emailWritesTest({
    dialect: 'postgres',
    open: () => openStore(url, { schema }),
    connect: () => openPostgres(url, schema),
  });
});
