// Generated from parser.ts by `pnpm --filter @scim-connector/scim generate:cst`; do not edit.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface FilterCstNode extends CstNode {
  name: "filter";
  children: FilterCstChildren;
}

export type FilterCstChildren = {
  orExpression: OrExpressionCstNode[];
};

export interface OrExpressionCstNode extends CstNode {
  name: "orExpression";
  children: OrExpressionCstChildren;
}

export type OrExpressionCstChildren = {
  operands: (AndExpressionCstNode)[];
  Or?: IToken[];
};

export interface AndExpressionCstNode extends CstNode {
  name: "andExpression";
  children: AndExpressionCstChildren;
}

export type AndExpressionCstChildren = {
  operands: (UnaryExpressionCstNode)[];
  And?: IToken[];
};

export interface UnaryExpressionCstNode extends CstNode {
  name: "unaryExpression";
  children: UnaryExpressionCstChildren;
}

export type UnaryExpressionCstChildren = {
  negation?: NegationCstNode[];
  group?: GroupCstNode[];
  attributeExpression?: AttributeExpressionCstNode[];
};

export interface NegationCstNode extends CstNode {
  name: "negation";
  children: NegationCstChildren;
}

export type NegationCstChildren = {
  Not: IToken[];
  group: GroupCstNode[];
};

export interface GroupCstNode extends CstNode {
  name: "group";
  children: GroupCstChildren;
}

export type GroupCstChildren = {
  LParen: IToken[];
  orExpression: OrExpressionCstNode[];
  RParen: IToken[];
};

export interface AttributeExpressionCstNode extends CstNode {
  name: "attributeExpression";
  children: AttributeExpressionCstChildren;
}

export type AttributeExpressionCstChildren = {
  AttrPath: IToken[];
  attributeTest?: (AttributeTestCstNode)[];
  valueFilter?: ValueFilterCstNode[];
  SubAttr?: IToken[];
};

export interface AttributeTestCstNode extends CstNode {
  name: "attributeTest";
  children: AttributeTestCstChildren;
}

export type AttributeTestCstChildren = {
  Present?: IToken[];
  CompareOperator?: IToken[];
  ComparisonValue?: IToken[];
};

export interface ValueFilterCstNode extends CstNode {
  name: "valueFilter";
  children: ValueFilterCstChildren;
}

export type ValueFilterCstChildren = {
  LBracket: IToken[];
  orExpression: OrExpressionCstNode[];
  RBracket: IToken[];
};

export interface PatchPathCstNode extends CstNode {
  name: "patchPath";
  children: PatchPathCstChildren;
}

export type PatchPathCstChildren = {
  AttrPath: IToken[];
  valueFilter?: ValueFilterCstNode[];
  SubAttr?: IToken[];
};

export interface AttributePathCstNode extends CstNode {
  name: "attributePath";
  children: AttributePathCstChildren;
}

export type AttributePathCstChildren = {
  AttrPath: IToken[];
};

export interface FilterCstVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  filter(children: FilterCstChildren, param?: IN): OUT;
  orExpression(children: OrExpressionCstChildren, param?: IN): OUT;
  andExpression(children: AndExpressionCstChildren, param?: IN): OUT;
  unaryExpression(children: UnaryExpressionCstChildren, param?: IN): OUT;
  negation(children: NegationCstChildren, param?: IN): OUT;
  group(children: GroupCstChildren, param?: IN): OUT;
  attributeExpression(children: AttributeExpressionCstChildren, param?: IN): OUT;
  attributeTest(children: AttributeTestCstChildren, param?: IN): OUT;
  valueFilter(children: ValueFilterCstChildren, param?: IN): OUT;
  patchPath(children: PatchPathCstChildren, param?: IN): OUT;
  attributePath(children: AttributePathCstChildren, param?: IN): OUT;
}
