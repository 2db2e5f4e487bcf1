/**
 * The grammar of role names (docs/architecture.md §5.1):
 *
 *   roleName    := contextType "_" contextId "_" role
 *   contextType := ACCOUNT | RETAILER | AGENT          (case-insensitive)
 *   contextId   := DIGITS
 *   role        := roleWord ("_" roleWord)*            (letters and digits; underscores only between them)
 *
 * One parser instance is built for the process and reused: Chevrotain's self-analysis is the expensive part.
 */
import { CstParser, type IToken, type TokenType } from 'chevrotain';
import { ContextTypeKeyword, Digits, RoleWord, roleNameTokens, Underscore } from './tokens.ts';

/**
 * Records what the parser expected at the point of failure. Chevrotain hands this to the message provider
 * only, so the provider keeps it for `parse-role-name.ts`, which turns it into a specific error.
 */
class ExpectationRecorder {
  expected: TokenType[] = [];

  buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; ruleName: string }): string {
    this.expected = [options.expected];
    return `expected ${options.expected.name} in ${options.ruleName}, found '${options.actual.image}'`;
  }

  buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
    this.expected = [];
    return `unexpected '${options.firstRedundant.image}' after the end of ${options.ruleName}`;
  }

  buildNoViableAltMessage(options: {
    expectedPathsPerAlt: TokenType[][][];
    actual: IToken[];
    ruleName: string;
  }): string {
    this.expected = options.expectedPathsPerAlt
      .flatMap((paths) => paths.map((path) => path[0]))
      .filter(isToken);
    return `no alternative of ${options.ruleName} matches '${options.actual[0]?.image ?? ''}'`;
  }

  buildEarlyExitMessage(options: {
    expectedIterationPaths: TokenType[][];
    actual: IToken[];
    ruleName: string;
  }): string {
    this.expected = options.expectedIterationPaths.map((path) => path[0]).filter(isToken);
    return `expected at least one item in ${options.ruleName}, found '${options.actual[0]?.image ?? ''}'`;
  }
}

function isToken(token: TokenType | undefined): token is TokenType {
  return token !== undefined;
}

export class RoleNameParser extends CstParser {
  readonly expectations: ExpectationRecorder;

  constructor() {
    const expectations = new ExpectationRecorder();
    super(roleNameTokens, { errorMessageProvider: expectations, recoveryEnabled: false, maxLookahead: 1 });
    this.expectations = expectations;
    this.performSelfAnalysis();
  }

  roleName = this.RULE('roleName', () => {
    this.SUBRULE(this.contextType);
    this.CONSUME(Underscore);
    this.SUBRULE(this.contextId);
    this.CONSUME2(Underscore);
    this.SUBRULE(this.role);
  });

  contextType = this.RULE('contextType', () => {
    this.CONSUME(ContextTypeKeyword);
  });

  contextId = this.RULE('contextId', () => {
    this.CONSUME(Digits);
  });

  role = this.RULE('role', () => {
    this.CONSUME(RoleWord);
    this.MANY(() => {
      this.CONSUME(Underscore);
      this.CONSUME2(RoleWord);
    });
  });
}

export const roleNameParser = new RoleNameParser();
