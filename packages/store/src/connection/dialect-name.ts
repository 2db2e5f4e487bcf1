/** Which database a store runs on; the few places that differ branch on it. */
export type DialectName = 'sqlite' | 'postgres';
