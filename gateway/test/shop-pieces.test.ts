import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { answerOfPieces, piecesAskedFor, piecesOfAnswer, shopPiecesOf } from '../src/customer-reads/shop-pieces.js';

const piecesOf = (query: string) => {
  const document = parse(query);
  return shopPiecesOf(document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!, document);
};
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('shop pieces', () => {
  it('make an answer the subgraph would write, under the alias asked for', () => {
    const shops = [{ id: '2', name: 'b' }, null, { id: '1', name: 'a' }];
    const listing = piecesOf('query L($ids: [ID!]!) { list: shops(ids: $ids) { id name } }')!;
    expect(piecesAskedFor(listing, { ids: ['2', '9', '1'] })).toEqual(['2', '9', '1']);
    expect(piecesOfAnswer(listing, { list: shops }, 3)).toEqual(shops.map((shop) => JSON.stringify(shop)));
    expect(text(answerOfPieces(listing, shops.map(encode)))).toBe(JSON.stringify({ data: { list: shops } }));
    const one = piecesOf('query S($id: ID!) { shop(id: $id) { ...F } } fragment F on Shop { id name }')!;
    expect(piecesAskedFor(one, { id: 7 })).toEqual(['7']);
    expect(text(answerOfPieces(one, [encode(null)]))).toBe(JSON.stringify({ data: { shop: null } }));
  });

  it('are not used where a shop could differ between answers of the operation, or the answer holds more than shops', () => {
    expect(piecesOf('query S($id: ID!, $full: Boolean!) { shop(id: $id) { id name @include(if: $full) } }')).toBeUndefined();
    expect(piecesOf('query S($id: ID!, $full: Boolean!) { shop(id: $id) { ...F } } fragment F on Shop { id name @skip(if: $full) }')).toBeUndefined();
    expect(piecesOf('query S($id: ID!) { shop(id: $id) { id } __typename }')).toBeUndefined();
    expect(piecesOf('query S($a: ID!, $b: ID!) { a: shop(id: $a) { id } b: shop(id: $b) { id } }')).toBeUndefined();
    expect(piecesOf('query S($id: ID!, $on: Boolean!) { shop(id: $id) @include(if: $on) { id } }')).toBeUndefined();
    expect(piecesOf('{ searchShops(filter: { text: "ab" }) { totalCount } }')).toBeUndefined();
    // Literal ids and literal directives are the same in every answer.
    expect(piecesOf('{ shops(ids: ["1", "2"]) { id name @include(if: true) } }')).toBeDefined();
  });

  it('take only an answer shaped as asked', () => {
    const listing = piecesOf('query L($ids: [ID!]!) { shops(ids: $ids) { id } }')!;
    expect(piecesOfAnswer(listing, { shops: [{ id: '1' }] }, 2)).toBeUndefined();
    expect(piecesOfAnswer(listing, { shop: [{ id: '1' }] }, 1)).toBeUndefined();
    expect(piecesAskedFor(listing, { ids: '1' })).toBeUndefined();
  });
});
