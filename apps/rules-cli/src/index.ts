export { type ParseRoleEntry, parseRoles } from './commands/parse-role.ts';
export { type ValidateReport, type ValidateSummary, validateRules } from './commands/validate.ts';
export { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from './exit-codes.ts';
export { type CliIo, colorAllowed } from './io.ts';
export { runCli } from './program.ts';
