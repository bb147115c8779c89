import { describe, expect, it } from 'vitest';
import { withCurrentOperation } from '../src/explorer/current-operation';

describe("the explorer's operation name", () => {
  it('names the only operation of the text sent when GraphiQL still names the one the editor held before', () => {
    const sent = withCurrentOperation({ query: 'subscription { shopPublished(id: "1") { name } }', operationName: 'SearchShops' });
    expect(sent.params).toEqual({ query: 'subscription { shopPublished(id: "1") { name } }', operationName: null });
    // The document the fetcher judges by is the text's, so it sees a subscription.
    expect(sent.documentAST!.definitions.map((definition) => (definition as { operation?: string }).operation)).toEqual(['subscription']);
    expect(withCurrentOperation({ query: 'query Mine { me { id } }', operationName: 'SearchShops' }).params.operationName).toBe('Mine');
  });

  it('keeps a name the text holds, a choice among several operations, and text that does not parse', () => {
    const two = { query: 'query A { me { id } } query B { me { id } }', operationName: 'B' };
    expect(withCurrentOperation(two).params).toBe(two);
    const unknownAmongTwo = { query: 'query A { me { id } } query B { me { id } }', operationName: 'C' };
    expect(withCurrentOperation(unknownAmongTwo).params).toBe(unknownAmongTwo);
    const broken = { query: 'query {', operationName: 'SearchShops' };
    expect(withCurrentOperation(broken)).toEqual({ params: broken });
  });
});
