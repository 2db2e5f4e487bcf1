/**
 * Bearer tokens for the SCIM and admin APIs. Tokens set in the environment win; otherwise the ones kept in
 * `<dataDir>/tokens.json` are used, and on the very first start they are generated and written there with 0600
 * permissions. The caller prints newly generated tokens once; they are never logged afterwards.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface TokenSet {
  scimTokens: string[];
  adminToken: string;
  /** Tokens created by this call, to show the operator once. Empty when nothing was generated. */
  generated: { scimToken?: string; adminToken?: string };
  /** Where generated tokens are kept. */
  file: string;
}

interface StoredTokens {
  scimToken?: string;
  adminToken?: string;
}

export const TOKEN_FILE_NAME = 'tokens.json';

/** 32 random bytes, URL-safe: long enough that guessing is hopeless, short enough to paste into an IdP. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function ensureTokens(options: {
  dataDir: string;
  scimTokens?: string[];
  adminToken?: string;
}): Promise<TokenSet> {
  const file = path.join(options.dataDir, TOKEN_FILE_NAME);
  const stored = await readStoredTokens(file);
  const generated: TokenSet['generated'] = {};
  const next: StoredTokens = { ...stored };

  if (!options.scimTokens && !stored.scimToken) {
    next.scimToken = generateToken();
    generated.scimToken = next.scimToken;
  }
  if (!options.adminToken && !stored.adminToken) {
    next.adminToken = generateToken();
    generated.adminToken = next.adminToken;
  }
  if (generated.scimToken || generated.adminToken) await writeStoredTokens(options.dataDir, file, next);

  const scimTokens = options.scimTokens ?? (next.scimToken ? [next.scimToken] : []);
  const adminToken = options.adminToken ?? next.adminToken ?? '';
  return { scimTokens, adminToken, generated, file };
}

async function readStoredTokens(file: string): Promise<StoredTokens> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON. Fix it, or delete it to have new tokens generated.`);
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new Error(`${file} must hold an object {"scimToken": "...", "adminToken": "..."}.`);
  }
  const record = parsed as Record<string, unknown>;
  const tokens: StoredTokens = {};
  if (typeof record.scimToken === 'string' && record.scimToken) tokens.scimToken = record.scimToken;
  if (typeof record.adminToken === 'string' && record.adminToken) tokens.adminToken = record.adminToken;
  return tokens;
}

async function writeStoredTokens(dataDir: string, file: string, tokens: StoredTokens): Promise<void> {
  // The data folder holds the tokens and, by default, the database: owner-only when the server creates it.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode only applies when the file is created; tighten an existing file too.
  await chmod(file, 0o600);
}
