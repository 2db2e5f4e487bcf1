/**
 * The throw-away password Fluent requires on createUser. Users sign in through the IdP, so nobody ever needs it:
 * it is generated per call from the OS CSPRNG, sent once, and never stored or logged.
 */
import { randomInt } from 'node:crypto';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!#%+-.:=?@_~';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;

/** Well under Fluent's 128-character limit, with every character class so any password policy is met. */
export const GENERATED_PASSWORD_LENGTH = 32;

export function generatePassword(length = GENERATED_PASSWORD_LENGTH): string {
  const chars = [LOWER, UPPER, DIGITS, SYMBOLS].map(pick);
  while (chars.length < length) chars.push(pick(ALL));
  // Fisher–Yates, so the guaranteed classes are not always at the front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

function pick(alphabet: string): string {
  return alphabet.charAt(randomInt(alphabet.length));
}
