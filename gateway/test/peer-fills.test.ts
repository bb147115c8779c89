import { parse, type OperationDefinitionNode } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../src/customer-reads/cache-key.js';
import { fillCache } from '../src/customer-reads/fill-cache.js';
import { createPeerFills, type PeerFill } from '../src/customer-reads/peer-fills.js';
import { createResponseCache } from '../src/customer-reads/response-cache.js';
import { shopPiecesOf } from '../src/customer-reads/shop-pieces.js';

const SHOPS = 'query Shops($ids: [ID!]!) { shops(ids: $ids) { id name } }';
const queryHash = sha256Hex(SHOPS);
const text = (body: Uint8Array | undefined) => body && Buffer.from(body).toString('utf8');
const answerFor = (ids: string[]) => {
  const data = { shops: ids.map((id) => ({ id, name: `shop ${id}` })) };
  return { text: JSON.stringify({ data }), data };
};

/** Two workers' caches, what the first shares reaching the second as the primary would relay it. */
function twoWorkers() {
  const make = () => {
    const cache = createResponseCache({ maxBytes: 1_000_000, maxAgeMs: 60_000 });
    cache.enable();
    return cache;
  };
  const [first, second] = [make(), make()];
  const sent: PeerFill[] = [];
  // Through JSON, as Node's IPC carries it.
  const firstPeers = createPeerFills(first, (fill) => sent.push(JSON.parse(JSON.stringify(fill)) as PeerFill));
  const secondPeers = createPeerFills(second, () => {});
  const document = parse(SHOPS);
  const operation = document.definitions[0] as OperationDefinitionNode;
  first.learn(queryHash, 'Shops', ['ids'], shopPiecesOf(operation, document));
  /** A miss answered at the first worker, as fillCache stores it there. */
  const answerAtFirst = (ids: string[], ticket = first.ticket(), fresh = false) =>
    fillCache(first, { queryHash, operationName: 'Shops', variables: { ids } }, ids, ticket, answerFor(ids), { peers: firstPeers, query: SHOPS, fresh });
  return { first, second, sent, answerAtFirst, deliver: () => sent.splice(0).map((fill) => secondPeers.accept(fill)) };
}

describe('answers shared between gateway workers', () => {
  afterEach(() => vi.useRealTimers());

  it('are served by a worker that never resolved the operation, byte for byte', () => {
    const { first, second, answerAtFirst, deliver } = twoWorkers();
    answerAtFirst(['1', '2']);
    expect(second.lookup(queryHash, 'Shops', { ids: ['1', '2'] })).toBeUndefined();
    expect(deliver()).toEqual([true]);
    expect(text(second.lookup(queryHash, 'Shops', { ids: ['2', '1'] }))).toBe(text(first.lookup(queryHash, 'Shops', { ids: ['2', '1'] })));
    expect(text(second.lookup(queryHash, 'Shops', { ids: ['2', '1'] }))).toBe(answerFor(['2', '1']).text);
  });

  it("are refused for a shop that changed here after the sharer's ticket, and evicted by a change that comes later", () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { first, second, answerAtFirst, deliver } = twoWorkers();
    // The sharer takes its ticket, then shop 2 changes (announced here too), then its answer arrives.
    const early = first.ticket();
    vi.advanceTimersByTime(5);
    second.invalidate('2');
    vi.advanceTimersByTime(5);
    answerAtFirst(['1', '2'], early);
    expect(deliver()).toEqual([true]); // shop 1's piece: shop 2's is refused
    expect(second.lookup(queryHash, 'Shops', { ids: ['2'] })).toBeUndefined();
    expect(second.lookup(queryHash, 'Shops', { ids: ['1'] })).toBeDefined();
    // A change older than the ticket keeps nothing out; one arriving after the store evicts.
    answerAtFirst(['3']);
    expect(deliver()).toEqual([true]);
    expect(second.lookup(queryHash, 'Shops', { ids: ['3'] })).toBeDefined();
    second.invalidate('3');
    expect(second.lookup(queryHash, 'Shops', { ids: ['3'] })).toBeUndefined();
  });

  it('are refused by a worker whose cache came back on after the ticket, and not shared for a fresh read', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { second, sent, answerAtFirst, deliver, first } = twoWorkers();
    const early = first.ticket();
    vi.advanceTimersByTime(5);
    second.disable();
    second.enable();
    answerAtFirst(['4'], early);
    expect(deliver()).toEqual([false]);
    answerAtFirst(['5'], first.ticket(), true);
    expect(sent).toEqual([]);
  });
});
