/** Rewrites src/cst.generated.ts from the grammar; run after changing src/parser.ts. */
import { writeFile } from 'node:fs/promises';
import { CST_TYPES_FILE, cstTypesSource } from '../src/cst-types.ts';

await writeFile(CST_TYPES_FILE, cstTypesSource());
console.log(`wrote ${CST_TYPES_FILE.pathname}`);
