/** Exit codes (docs/rules.md, the rules CLI), shared by every command. */
export const EXIT_OK = 0;
/** Failing rule tests, or a block with --fail-on-block (later commands). */
export const EXIT_FAILED = 1;
/** Bad input: unparseable names, invalid rules, unknown options. */
export const EXIT_BAD_INPUT = 2;
