/**
 * The rules the worker decides with, swapped whole on reload (SIGHUP, POST /admin/rules/reload). A reload
 * validates the folder first; a folder with problems is rejected and the rules in force stay. A successful reload
 * marks every user dirty (`rules.changed`), since any decision may now differ.
 */
import { loadRules, type RuleProblem, type RuleSet } from '@scim-connector/governance';

export class RulesFolderError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: readonly RuleProblem[],
  ) {
    super(`the rules folder ${dir} has problems:\n${problems.map(describeProblem).join('\n')}`);
    this.name = 'RulesFolderError';
  }
}

export function describeProblem(problem: RuleProblem): string {
  return `  ${problem.file}:${problem.line}:${problem.column} ${problem.message}`;
}

export type ReloadResult = { ok: true; markedUsers: number } | { ok: false; problems: RuleProblem[] };

export interface RulesHolder {
  readonly dir: string;
  current(): RuleSet;
  /** Loads the folder again; on success swaps the rules in and marks every user dirty. */
  reload(): Promise<ReloadResult>;
}

export async function createRulesHolder(
  dir: string,
  markAllDirty: () => Promise<number>,
): Promise<RulesHolder> {
  const first = await loadRules(dir);
  if (!first.ok) throw new RulesFolderError(dir, first.problems);
  let rules = first.rules;
  let reloading: Promise<ReloadResult> | undefined;

  async function reload(): Promise<ReloadResult> {
    const loaded = await loadRules(dir);
    if (!loaded.ok) return { ok: false, problems: loaded.problems };
    rules = loaded.rules;
    return { ok: true, markedUsers: await markAllDirty() };
  }

  return {
    dir,
    current: () => rules,
    reload() {
      // Two reloads at once (a SIGHUP during an admin call) would only do the same work twice.
      reloading ??= reload().finally(() => {
        reloading = undefined;
      });
      return reloading;
    },
  };
}
