/**
 * The CST types of the grammar in `parser.ts` (filters, PATCH paths and attribute paths), as Chevrotain's
 * `generateCstDts` writes them from the parser's productions. `cst.generated.ts` holds the output;
 * `pnpm --filter @scim-connector/scim generate:cst` rewrites it, and `cst-types.test.ts` fails while it is stale.
 * The file stays as Chevrotain prints it (biome.json turns the formatter off for `cst.generated.ts`; the linter
 * still checks it), so the test can compare it with the generator's output byte for byte.
 */
import { generateCstDts } from 'chevrotain';
import { filterParser } from './parser.ts';

export const CST_TYPES_FILE = new URL('./cst.generated.ts', import.meta.url);

const HEADER = `// Generated from parser.ts by \`pnpm --filter @scim-connector/scim generate:cst\`; do not edit.
`;

export function cstTypesSource(): string {
  const productions = filterParser.getGAstProductions();
  return HEADER + generateCstDts(productions, { visitorInterfaceName: 'FilterCstVisitor' });
}
