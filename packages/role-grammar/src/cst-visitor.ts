/**
 * Turns the parser's CST into a `RoleRef`. The parser guarantees the shape, so the visitor only reads images:
 * the context type is printed upper-case, the role keeps its case.
 */
import type { CstNode, IToken } from 'chevrotain';
import { roleNameParser } from './parser.ts';
import type { ContextType, RoleRef } from './types.ts';

interface RoleNameChildren {
  contextType: [CstNode];
  contextId: [CstNode];
  role: [CstNode];
}
interface ContextTypeChildren {
  ContextTypeKeyword: [IToken];
}
interface ContextIdChildren {
  Digits: [IToken];
}
interface RoleChildren {
  RoleWord: IToken[];
  Underscore?: IToken[];
}

const BaseVisitor = roleNameParser.getBaseCstVisitorConstructor<void, unknown>();

class RoleNameVisitor extends BaseVisitor {
  constructor() {
    super();
    this.validateVisitor();
  }

  roleName(children: RoleNameChildren): RoleRef {
    return {
      contextType: this.contextType(children.contextType[0].children as unknown as ContextTypeChildren),
      contextId: this.contextId(children.contextId[0].children as unknown as ContextIdChildren),
      role: this.role(children.role[0].children as unknown as RoleChildren),
    };
  }

  contextType(children: ContextTypeChildren): ContextType {
    // The lexer only produces this token for the three keywords, whatever their case.
    return children.ContextTypeKeyword[0].image.toUpperCase() as ContextType;
  }

  contextId(children: ContextIdChildren): string {
    return children.Digits[0].image;
  }

  role(children: RoleChildren): string {
    // Words are separated by exactly one underscore (the grammar says so), so joining restores the text.
    const words = children.RoleWord;
    if (words.length === 1) return (words[0] as IToken).image;
    return words.map((word) => word.image).join('_');
  }
}

const visitor = new RoleNameVisitor();

export function roleRefFromCst(cst: CstNode): RoleRef {
  return visitor.roleName(cst.children as unknown as RoleNameChildren);
}

export function roleIdFromCst(cst: CstNode): string {
  return visitor.role(cst.children as unknown as RoleChildren);
}
