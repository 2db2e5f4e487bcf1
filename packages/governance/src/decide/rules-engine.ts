/**
 * governance.json's rules in one json-rules-engine Engine, built once per rule set. `evaluate` runs the engine
 * over the facts and returns the rules that fired with their events and evaluated conditions.
 *
 * Results are remembered by the fact values the rules can observe (see fact-references.ts): most users of a
 * directory look alike to the rules (active, linked, some roles, none unresolved), and re-running the engine
 * for them would only produce the same answer again, slower.
 */
import { Engine, Fact, type RuleResult } from 'json-rules-engine';
import type { ConditionTrace, DecisionFacts, EventType, FiredRule, GovernanceRule } from '../types.ts';
import { observedValuesKey, referencedFacts } from './fact-references.ts';
import { isEmptyOperator } from './operators.ts';
import { resolvePath } from './simple-path.ts';

export interface RulesEngine {
  /** The fired rules, in rule-file order. Shared between decisions with the same observed facts: frozen. */
  evaluate(facts: DecisionFacts): Promise<readonly FiredRule[]>;
}

export interface RulesEngineOptions {
  /** Reuse results for facts the rules cannot tell apart. Default true; false runs the engine every time. */
  memoize?: boolean;
}

const MEMO_ENTRIES = 1_000;

export function createRulesEngine(
  rules: readonly GovernanceRule[],
  options: RulesEngineOptions = {},
): RulesEngine {
  const engine = new Engine(
    rules.map((rule) => ({
      name: rule.name,
      priority: rule.priority ?? 1,
      conditions: rule.conditions as never,
      event: { type: rule.event.type, params: { ...rule.event.params } },
    })),
    { allowUndefinedFacts: false, pathResolver: (value, path) => resolvePath(value, path) },
  );
  engine.addOperator(isEmptyOperator);
  const order = new Map(rules.map((rule, index) => [rule.name, index]));

  // json-rules-engine keeps its run status on the Engine: when two runs overlap, the first to finish marks the
  // engine finished and the other skips its remaining priority sets. Runs are therefore chained, one at a
  // time; a run is all microtasks (facts are constants), so the chain costs no waiting.
  let previousRun: Promise<unknown> = Promise.resolve();
  function run(facts: DecisionFacts): Promise<readonly FiredRule[]> {
    const result = previousRun.then(() => runNow(facts));
    previousRun = result.catch(() => undefined);
    return result;
  }

  async function runNow(facts: DecisionFacts): Promise<readonly FiredRule[]> {
    const runtimeFacts: Record<string, Fact> = {};
    for (const [id, value] of Object.entries(facts)) {
      // Constant facts need no cache: json-rules-engine would otherwise hash every value on every run.
      runtimeFacts[id] = new Fact(id, value, { cache: false });
    }
    const { results } = await engine.run(runtimeFacts);
    const fired = results
      .map(toFiredRule)
      .sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
    return deepFreeze(fired);
  }

  if (options.memoize === false) return { evaluate: run };

  const references = referencedFacts(rules);
  const memo = new Map<string, Promise<readonly FiredRule[]>>();
  return {
    evaluate(facts) {
      const key = observedValuesKey(facts, references);
      let fired = memo.get(key);
      if (fired === undefined) {
        if (memo.size >= MEMO_ENTRIES) memo.clear();
        fired = run(facts);
        memo.set(key, fired);
        // A failed run is not remembered: the next decision tries again.
        fired.catch(() => memo.delete(key));
      }
      return fired;
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function toFiredRule(result: RuleResult): FiredRule {
  return {
    name: result.name,
    priority: result.priority ?? 1,
    event: { type: (result.event?.type ?? 'none') as EventType, params: { ...result.event?.params } },
    // json-rules-engine records `result` on nested conditions only; the top level passed when the rule did.
    conditions: { ...traceCondition(result.conditions), result: result.result === true },
  };
}

function traceCondition(condition: unknown): ConditionTrace {
  const node = condition as Record<string, unknown>;
  const result = node.result === true;
  if (Array.isArray(node.all)) return { all: node.all.map(traceCondition), result };
  if (Array.isArray(node.any)) return { any: node.any.map(traceCondition), result };
  if (node.not !== undefined) return { not: traceCondition(node.not), result };
  return {
    fact: String(node.fact),
    ...(typeof node.path === 'string' && { path: node.path }),
    operator: String(node.operator),
    value: node.value,
    factResult: node.factResult,
    result,
  };
}
