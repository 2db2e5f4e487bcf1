/**
 * Tokens of a role name `CONTEXT_TYPE_CONTEXT_ID_ROLE` (docs/architecture.md §5.1).
 *
 * The lexer knows three shapes of text: runs of digits, runs of letters and digits, and the `_` separator.
 * The three context types are keywords, matched case-insensitively; `longer_alt` keeps `AGENTS` or `Account1`
 * a plain word. Two categories let the parser ask for "a context type" or "any word a role may contain"
 * without caring which concrete token the lexer produced.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** Any of ACCOUNT, RETAILER, AGENT. */
export const ContextTypeKeyword = createToken({ name: 'ContextTypeKeyword', pattern: Lexer.NA });
/** Anything a ROLE part may be made of between underscores: words, digits and the keywords themselves. */
export const RoleWord = createToken({ name: 'RoleWord', pattern: Lexer.NA });

export const Word = createToken({ name: 'Word', pattern: /[A-Za-z0-9]+/, categories: [RoleWord] });

export const Digits = createToken({
  name: 'Digits',
  pattern: /[0-9]+/,
  longer_alt: Word,
  categories: [RoleWord],
});

function contextTypeToken(name: string, pattern: RegExp): TokenType {
  return createToken({ name, pattern, longer_alt: Word, categories: [ContextTypeKeyword, RoleWord] });
}

export const Account = contextTypeToken('Account', /account/i);
export const Retailer = contextTypeToken('Retailer', /retailer/i);
export const Agent = contextTypeToken('Agent', /agent/i);

export const Underscore = createToken({ name: 'Underscore', pattern: '_' });

/** Order matters: keywords before Word, Digits before Word (each falls back to Word when Word is longer). */
export const roleNameTokens: TokenType[] = [
  ContextTypeKeyword,
  RoleWord,
  Account,
  Retailer,
  Agent,
  Digits,
  Word,
  Underscore,
];

/** Built once: a Chevrotain lexer validates and optimises its token set on construction. */
export const roleNameLexer = new Lexer(roleNameTokens, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
  // Stop at the first bad character: the error reported is always the first thing that went wrong.
  recoveryEnabled: false,
});
