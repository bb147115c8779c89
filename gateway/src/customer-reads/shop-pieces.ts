import { Kind, visit, type ASTNode, type DocumentNode, type FieldNode, type OperationDefinitionNode } from 'graphql';
import type { Variables } from '../operation-arguments.js';
import { shopIdsOfField } from './cacheable-operation.js';

/**
 * A customer read whose answer is made of one piece per shop: `shop(id)` answers
 * `{"data":{"<key>":<piece>}}` and `shops(ids)` answers `{"data":{"<key>":[<piece>,…]}}`,
 * where a shop's piece is the JSON of that shop in the operation's selection. When nothing
 * in the operation but the ids is variable, a shop's piece is the same in every answer of
 * the operation, so the response cache keeps pieces, not answers: `shops(ids)` with a set
 * of ids never asked before is answered from the pieces other sets brought in (random
 * 20-id listings over 10,000 shops were 2,000 distinct answers of ~30 KB each, more than
 * the cache holds, and half of them missed).
 */
export interface ShopPieces {
  /** The root field, whose `id` or `ids` argument names the shops. */
  readonly field: FieldNode;
  /** `shops(ids)`: a list of pieces; `shop(id)`: one. */
  readonly list: boolean;
  /** What comes before the pieces and after them, as sent. */
  readonly head: Uint8Array;
  readonly tail: Uint8Array;
}

const encoder = new TextEncoder();
const COMMA = encoder.encode(',');

function countVariables(node: ASTNode): number {
  let count = 0;
  // A variable's definition is not a use of it.
  visit(node, { VariableDefinition: () => false, Variable: () => void (count += 1) });
  return count;
}

/**
 * The pieces an operation's answers are made of; undefined when its answers must be kept
 * whole: anything but a single `shop` or `shops` root field without directives, or a
 * variable used anywhere else than in the ids (a `@include(if: $x)` deep in the selection
 * would make the same shop's piece differ between requests).
 */
export function shopPiecesOf(operation: OperationDefinitionNode, document: DocumentNode): ShopPieces | undefined {
  if (operation.operation !== 'query' || operation.selectionSet.selections.length !== 1) return undefined;
  const field = operation.selectionSet.selections[0]!;
  if (field.kind !== Kind.FIELD || field.directives?.length || field.arguments?.length !== 1) return undefined;
  const list = field.name.value === 'shops';
  if (!list && field.name.value !== 'shop') return undefined;
  if (countVariables(document) !== countVariables(field.arguments[0]!.value)) return undefined;
  // A response key is a GraphQL name: nothing in it needs escaping in JSON.
  const key = field.alias?.value ?? field.name.value;
  return { field, list, head: encoder.encode(`{"data":{"${key}":${list ? '[' : ''}`), tail: encoder.encode(`${list ? ']' : ''}}}`) };
}

/** The shops a request names, in order; undefined when they are not plain ids (execution says why, and nothing is kept). */
export function piecesAskedFor(pieces: ShopPieces, variables: Variables): readonly string[] | undefined {
  return shopIdsOfField(pieces.field, variables);
}

/** Each shop's piece of an answer's data, in the order of the shops asked; undefined if the data is not shaped so. */
export function piecesOfAnswer(pieces: ShopPieces, data: Record<string, unknown>, shops: number): string[] | undefined {
  const value = data[pieces.field.alias?.value ?? pieces.field.name.value];
  const values = pieces.list ? value : [value];
  if (!Array.isArray(values) || values.length !== shops) return undefined;
  return values.map((shop) => JSON.stringify(shop ?? null));
}

/** An answer made of its pieces, as the subgraph would have written it. */
export function answerOfPieces(pieces: ShopPieces, parts: readonly Uint8Array[]): Uint8Array {
  const chunks: Uint8Array[] = [pieces.head];
  parts.forEach((part, i) => {
    if (i > 0) chunks.push(COMMA);
    chunks.push(part);
  });
  chunks.push(pieces.tail);
  return Buffer.concat(chunks);
}
