/** A rules folder loaded exactly as the server loads it; any problem is bad input, placed in its file. */
import { loadRules, type RuleSet } from '@scim-connector/governance';
import { BadInputError } from './input-problem.ts';

export async function loadRuleSet(dir: string): Promise<RuleSet> {
  const loaded = await loadRules(dir);
  if (loaded.ok) return loaded.rules;
  throw new BadInputError(
    loaded.problems.map((problem) => ({
      file: problem.file,
      line: problem.line,
      column: problem.column,
      message: problem.pointer === '' ? problem.message : `${problem.pointer}: ${problem.message}`,
    })),
  );
}
