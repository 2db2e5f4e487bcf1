// Generated from parser.ts by `pnpm --filter @scim-connector/role-grammar generate:cst`; do not edit.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface RoleNameCstNode extends CstNode {
  name: "roleName";
  children: RoleNameCstChildren;
}

export type RoleNameCstChildren = {
  contextType: ContextTypeCstNode[];
  Underscore: (IToken)[];
  contextId: ContextIdCstNode[];
  role: RoleCstNode[];
};

export interface ContextTypeCstNode extends CstNode {
  name: "contextType";
  children: ContextTypeCstChildren;
}

export type ContextTypeCstChildren = {
  ContextTypeKeyword: IToken[];
};

export interface ContextIdCstNode extends CstNode {
  name: "contextId";
  children: ContextIdCstChildren;
}

export type ContextIdCstChildren = {
  Digits: IToken[];
};

export interface RoleCstNode extends CstNode {
  name: "role";
  children: RoleCstChildren;
}

export type RoleCstChildren = {
  RoleWord: (IToken)[];
  Underscore?: IToken[];
};

export interface RoleNameCstVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  roleName(children: RoleNameCstChildren, param?: IN): OUT;
  contextType(children: ContextTypeCstChildren, param?: IN): OUT;
  contextId(children: ContextIdCstChildren, param?: IN): OUT;
  role(children: RoleCstChildren, param?: IN): OUT;
}
