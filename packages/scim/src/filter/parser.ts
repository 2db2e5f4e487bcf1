/**
 * The grammar of RFC 7644 section 3.4.2.2 (filters) and 3.5.2 (PATCH paths) as a Chevrotain CST parser.
 * Precedence follows the RFC: `not (...)` and grouping bind tightest, then `and`, then `or`.
 *
 *   filter              = orExpression
 *   orExpression        = andExpression *("or" andExpression)
 *   andExpression       = unaryExpression *("and" unaryExpression)
 *   unaryExpression     = negation / group / attributeExpression
 *   negation            = "not" group
 *   group               = "(" orExpression ")"
 *   attributeExpression = attrPath (attributeTest / valueFilter [subAttr attributeTest])
 *   attributeTest       = "pr" / compareOp compValue
 *   valueFilter         = "[" orExpression "]"
 *   patchPath           = attrPath [valueFilter [subAttr]]
 *   attributePath       = attrPath
 */
import { CstParser } from 'chevrotain';
import { parserErrorMessages } from './error-messages.ts';
import {
  And,
  AttrPathToken,
  allTokenTypes,
  CompareOperator,
  ComparisonValue,
  LBracket,
  LParen,
  Not,
  Or,
  Present,
  RBracket,
  RParen,
  SubAttr,
} from './tokens.ts';

class FilterParser extends CstParser {
  constructor() {
    super(allTokenTypes, { errorMessageProvider: parserErrorMessages, recoveryEnabled: false });
    this.performSelfAnalysis();
  }

  filter = this.RULE('filter', () => {
    this.SUBRULE(this.orExpression);
  });

  orExpression = this.RULE('orExpression', () => {
    this.SUBRULE(this.andExpression, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(Or);
      this.SUBRULE2(this.andExpression, { LABEL: 'operands' });
    });
  });

  andExpression = this.RULE('andExpression', () => {
    this.SUBRULE(this.unaryExpression, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(And);
      this.SUBRULE2(this.unaryExpression, { LABEL: 'operands' });
    });
  });

  unaryExpression = this.RULE('unaryExpression', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.negation) },
      { ALT: () => this.SUBRULE(this.group) },
      { ALT: () => this.SUBRULE(this.attributeExpression) },
    ]);
  });

  negation = this.RULE('negation', () => {
    this.CONSUME(Not);
    this.SUBRULE(this.group);
  });

  group = this.RULE('group', () => {
    this.CONSUME(LParen);
    this.SUBRULE(this.orExpression);
    this.CONSUME(RParen);
  });

  attributeExpression = this.RULE('attributeExpression', () => {
    this.CONSUME(AttrPathToken);
    this.OR([
      { ALT: () => this.SUBRULE(this.attributeTest) },
      {
        ALT: () => {
          this.SUBRULE(this.valueFilter);
          this.OPTION(() => {
            this.CONSUME(SubAttr);
            this.SUBRULE2(this.attributeTest);
          });
        },
      },
    ]);
  });

  attributeTest = this.RULE('attributeTest', () => {
    this.OR([
      { ALT: () => this.CONSUME(Present) },
      {
        ALT: () => {
          this.CONSUME(CompareOperator);
          this.CONSUME(ComparisonValue);
        },
      },
    ]);
  });

  valueFilter = this.RULE('valueFilter', () => {
    this.CONSUME(LBracket);
    this.SUBRULE(this.orExpression);
    this.CONSUME(RBracket);
  });

  patchPath = this.RULE('patchPath', () => {
    this.CONSUME(AttrPathToken);
    this.OPTION(() => {
      this.SUBRULE(this.valueFilter);
      this.OPTION2(() => this.CONSUME(SubAttr));
    });
  });

  attributePath = this.RULE('attributePath', () => {
    this.CONSUME(AttrPathToken);
  });
}

/** Built once: Chevrotain's grammar analysis is the expensive part, parsing with a warm instance is cheap. */
export const filterParser = new FilterParser();
