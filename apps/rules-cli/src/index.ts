export type { DiffDocument } from './commands/diff.ts';
export { type ParseRoleEntry, parseRoles } from './commands/parse-role.ts';
export type { SimulateDocument } from './commands/simulate.ts';
export type { TestDocument } from './commands/test.ts';
export { type ValidateReport, type ValidateSummary, validateRules } from './commands/validate.ts';
export { compareOutcomes, type OutcomeComparison, type UserDifference } from './diff/compare-outcomes.ts';
export { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from './exit-codes.ts';
export type { StoryDecision, StoryStep, UserStory } from './explain/user-story.ts';
export { BadInputError, type InputProblem } from './input/input-problem.ts';
export { type CliIo, colorAllowed } from './io.ts';
export { runCli } from './program.ts';
export { type ReplayFileOptions, type ReplayFileResult, replayEventsFile } from './replay/replay-file.ts';
export {
  type AppliedRequest,
  type DecisionRecord,
  openReplaySession,
  type PlatformUserState,
  type ReplaySession,
} from './replay/replay-session.ts';
export { type ReplayReport, runReplay } from './replay/run-replay.ts';
export { runRuleTest, type TestResult } from './rule-tests/run-rule-test.ts';
export { findRuleTests, loadRuleTest, type RuleTest } from './rule-tests/test-file.ts';
