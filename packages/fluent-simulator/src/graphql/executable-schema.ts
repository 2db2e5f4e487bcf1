/**
 * The executable schema: the SDL built by graphql-js with the resolvers attached to its fields, and a request
 * executor that parses (with a small cache of validated documents), validates, executes and formats errors the way
 * the platform reports them.
 */
import {
  buildSchema,
  type DocumentNode,
  execute,
  type GraphQLError,
  type GraphQLFormattedError,
  GraphQLObjectType,
  type GraphQLSchema,
  parse,
  validate,
} from 'graphql';
import { FluentError, FluentErrorCode } from '../model/fluent-error.ts';
import { type ResolverMap, resolvers, type SimulatorContext } from './resolvers.ts';
import { fluentSdl } from './sdl.ts';

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface GraphqlResponse {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
}

let schema: GraphQLSchema | undefined;

export function fluentSchema(): GraphQLSchema {
  schema ??= attachResolvers(buildSchema(fluentSdl), resolvers);
  return schema;
}

function attachResolvers(target: GraphQLSchema, map: ResolverMap): GraphQLSchema {
  for (const [typeName, fields] of Object.entries(map)) {
    const type = target.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) throw new Error(`resolvers name unknown type ${typeName}`);
    const typeFields = type.getFields();
    for (const [fieldName, resolve] of Object.entries(fields)) {
      const field = typeFields[fieldName];
      if (!field) throw new Error(`resolvers name unknown field ${typeName}.${fieldName}`);
      field.resolve = (source, args, context) => resolve(source, args, context as SimulatorContext);
    }
  }
  return target;
}

const DOCUMENT_CACHE_LIMIT = 200;
const documents = new Map<string, DocumentNode>();

export async function executeGraphql(
  request: GraphqlRequest,
  context: SimulatorContext,
): Promise<GraphqlResponse> {
  let document = documents.get(request.query);
  if (!document) {
    try {
      document = parse(request.query);
    } catch (error) {
      return { errors: [formatError(error as GraphQLError)] };
    }
    const problems = validate(fluentSchema(), document);
    if (problems.length > 0) return { errors: problems.map(formatError) };
    if (documents.size >= DOCUMENT_CACHE_LIMIT) documents.clear();
    documents.set(request.query, document);
  }
  const result = await execute({
    schema: fluentSchema(),
    document,
    variableValues: request.variables ?? undefined,
    operationName: request.operationName ?? undefined,
    contextValue: context,
  });
  return result.errors
    ? { data: result.data ?? null, errors: result.errors.map(formatError) }
    : { data: result.data };
}

/** Platform errors keep their code; GraphQL's own get C0111E; anything else is an internal error, without details. */
function formatError(error: GraphQLError): GraphQLFormattedError {
  const original = error.originalError;
  const where = {
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
  };
  if (original instanceof FluentError) {
    return { message: original.message, ...where, extensions: { code: original.code } };
  }
  if (original && original.name !== 'GraphQLError') {
    console.error('fluent-simulator: resolver failed', original);
    return {
      message: `${FluentErrorCode.internal}: internal error`,
      ...where,
      extensions: { code: FluentErrorCode.internal },
    };
  }
  return {
    message: `${FluentErrorCode.invalidQuery}: ${error.message}`,
    ...where,
    extensions: { code: FluentErrorCode.invalidQuery },
  };
}
