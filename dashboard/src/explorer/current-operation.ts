import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';

/**
 * The request GraphiQL should send for `query`, and the document its fetcher should judge it
 * by. GraphiQL hands its fetcher its last parse of the editor and the operation name from it,
 * both of which can lag behind the text: replace the document and press Run at once, and they
 * still describe the old one. The fetcher then takes a subscription for a query (it looks for a
 * subscription of that name in that document) and sends it to /graphql instead of
 * /graphql/stream, where the gateway answers 400 "Unknown operation". So both come from the text
 * sent: its own parse, and a name it holds (its only operation's when the one given is not there).
 */
export function withCurrentOperation<P extends { query: string; operationName?: string | null }>(params: P): { params: P; documentAST?: DocumentNode } {
  let documentAST: DocumentNode;
  try {
    documentAST = parse(params.query);
  } catch {
    return { params }; // the gateway says what is wrong with it
  }
  const operations = documentAST.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const named = params.operationName && operations.some((operation) => operation.name?.value === params.operationName);
  if (named || operations.length !== 1) return { params, documentAST };
  return { params: { ...params, operationName: operations[0]!.name?.value ?? null }, documentAST };
}
