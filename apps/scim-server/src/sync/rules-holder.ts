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

/** The last reload attempt, kept so the console can show whether the folder on disk is the one in force. */
export interface ReloadAttempt {
  at: string;
  ok: boolean;
  /** The problems of a rejected attempt (none when it succeeded). */
  problems: RuleProblem[];
}

export interface RulesHolder {
  readonly dir: string;
  current(): RuleSet;
  /** When the rules in force were loaded (ISO 8601). */
  loadedAt(): string;
  /** The last reload attempt since the start, or undefined when none was made. */
  lastReload(): ReloadAttempt | undefined;
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
  let loadedAt = new Date().toISOString();
  let lastReload: ReloadAttempt | undefined;
  let reloading: Promise<ReloadResult> | undefined;

  async function reload(): Promise<ReloadResult> {
    const loaded = await loadRules(dir);
    const at = new Date().toISOString();
    if (!loaded.ok) {
      lastReload = { at, ok: false, problems: loaded.problems };
      return { ok: false, problems: loaded.problems };
    }
    rules = loaded.rules;
    loadedAt = at;
    lastReload = { at, ok: true, problems: [] };
    return { ok: true, markedUsers: await markAllDirty() };
  }

  return {
    dir,
    current: () => rules,
    loadedAt: () => loadedAt,
    lastReload: () => lastReload,
    reload() {
      // Two reloads at once (a SIGHUP during an admin call) would only do the same work twice.
      reloading ??= reload().finally(() => {
        reloading = undefined;
      });
      return reloading;
    },
  };
}
