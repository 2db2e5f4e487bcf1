/** For tests: a fresh copy of the shipped rules folder for each test, removed after it. */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';

const RULES_DIR = fileURLToPath(new URL('../../../../rules', import.meta.url));

/** Registers the hooks; call the returned function inside a test for the current copy's path. */
export function rulesFolderCopyPerTest(prefix: string): () => string {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix));
    await cp(RULES_DIR, dir, { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}
