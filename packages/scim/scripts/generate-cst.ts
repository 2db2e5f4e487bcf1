/** Rewrites src/filter/cst.generated.ts from the grammar; run after changing src/filter/parser.ts. */
import { writeFile } from 'node:fs/promises';
import { CST_TYPES_FILE, cstTypesSource } from '../src/filter/cst-types.ts';

await writeFile(CST_TYPES_FILE, cstTypesSource());
console.log(`wrote ${CST_TYPES_FILE.pathname}`);
