/** Parses the `DATABASE_URL` forms the connector accepts into what the dialect factories need. */

export type ParsedDatabaseUrl =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgres'; connectionString: string };

export function parseDatabaseUrl(url: string): ParsedDatabaseUrl {
  const trimmed = url.trim();
  if (trimmed.startsWith('sqlite:')) {
    // `sqlite://./x.db` and `sqlite:///abs/x.db` are common spellings of `sqlite:./x.db` and `sqlite:/abs/x.db`.
    const file = trimmed.slice('sqlite:'.length).replace(/^\/\/(?=[./])/, '');
    if (file === '') {
      throw new Error(
        `DATABASE_URL "${url}" names no SQLite file: use sqlite:./path/to/file.db or sqlite::memory:`,
      );
    }
    return { dialect: 'sqlite', file };
  }
  if (trimmed.startsWith('postgres://') || trimmed.startsWith('postgresql://')) {
    return { dialect: 'postgres', connectionString: trimmed };
  }
  throw new Error(
    `DATABASE_URL "${redact(url)}" is not supported: use sqlite:./path/to/file.db, sqlite::memory: or postgres://user@host:5432/database`,
  );
}

/** Never echo a password back in an error message. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
