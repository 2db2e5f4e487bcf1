/**
 * The CST types of the grammar in `parser.ts`, as Chevrotain's `generateCstDts` writes them from the parser's
 * productions. `cst.generated.ts` holds the output; `pnpm --filter @scim-connector/role-grammar generate:cst`
 * rewrites it, and `cst-types.test.ts` fails while it is stale.
 */
import { generateCstDts } from 'chevrotain';
import { roleNameParser } from './parser.ts';

export const CST_TYPES_FILE = new URL('./cst.generated.ts', import.meta.url);

/**
 * The file stays as Chevrotain prints it (biome.json turns the formatter off for `cst.generated.ts`; the linter
 * still checks it), so the test can compare it with the generator's output byte for byte.
 */
const HEADER = `// Generated from parser.ts by \`pnpm --filter @scim-connector/role-grammar generate:cst\`; do not edit.
`;

export function cstTypesSource(): string {
  const productions = roleNameParser.getGAstProductions();
  return HEADER + generateCstDts(productions, { visitorInterfaceName: 'RoleNameCstVisitor' });
}
