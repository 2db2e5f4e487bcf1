/**
 * Turns the parser's CST into a `RoleRef`. The parser guarantees the shape, so the visitor only reads images:
 * the context type is printed upper-case, the role keeps its case. The children types are generated from the
 * grammar (`cst.generated.ts`), so a grammar change that the visitor does not follow fails to compile.
 */
import type { CstNode, IToken } from 'chevrotain';
import type {
  ContextIdCstChildren,
  ContextTypeCstChildren,
  RoleCstChildren,
  RoleCstNode,
  RoleNameCstChildren,
  RoleNameCstNode,
  RoleNameCstVisitor,
} from './cst.generated.ts';
import { roleNameParser } from './parser.ts';
import type { ContextType, RoleRef } from './types.ts';

const BaseVisitor = roleNameParser.getBaseCstVisitorConstructor<void, unknown>();

class RoleNameVisitor extends BaseVisitor implements RoleNameCstVisitor<void, unknown> {
  constructor() {
    super();
    this.validateVisitor();
  }

  roleName(children: RoleNameCstChildren): RoleRef {
    return {
      contextType: this.contextType(single(children.contextType).children),
      contextId: this.contextId(single(children.contextId).children),
      role: this.role(single(children.role).children),
    };
  }

  contextType(children: ContextTypeCstChildren): ContextType {
    // The lexer only produces this token for the three keywords, whatever their case.
    return single(children.ContextTypeKeyword).image.toUpperCase() as ContextType;
  }

  contextId(children: ContextIdCstChildren): string {
    return single(children.Digits).image;
  }

  role(children: RoleCstChildren): string {
    // Words are separated by exactly one underscore (the grammar says so), so joining restores the text.
    const words = children.RoleWord;
    if (words.length === 1) return single(words).image;
    return words.map((word) => word.image).join('_');
  }
}

/** The one child the grammar puts in this slot; the generated types spell every slot as an array. */
function single<T extends CstNode | IToken>(items: T[]): T {
  const item = items[0];
  if (item === undefined) throw new Error('role name CST is missing a child the grammar requires');
  return item;
}

/** The parser returns every rule's tree as a plain `CstNode`; its rule name says which generated type it is. */
function isRule<N extends CstNode>(cst: CstNode, name: N['name']): cst is N {
  return cst.name === name;
}

const visitor = new RoleNameVisitor();

export function roleRefFromCst(cst: CstNode): RoleRef {
  if (!isRule<RoleNameCstNode>(cst, 'roleName')) throw new Error(`expected a roleName CST, got ${cst.name}`);
  return visitor.roleName(cst.children);
}

export function roleIdFromCst(cst: CstNode): string {
  if (!isRule<RoleCstNode>(cst, 'role')) throw new Error(`expected a role CST, got ${cst.name}`);
  return visitor.role(cst.children);
}
