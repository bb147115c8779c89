import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheKey } from '../src/customer-reads/cache-key.js';
import { createResponseCache } from '../src/customer-reads/response-cache.js';

const decoder = new TextDecoder();
const text = (body: Uint8Array | undefined) => body && decoder.decode(body);

const enabledCache = (options: { recentInvalidations?: number; maxBytes?: number } = {}) => {
  const cache = createResponseCache({ maxBytes: options.maxBytes ?? 1_000_000, maxAgeMs: 60_000, recentInvalidations: options.recentInvalidations });
  cache.enable();
  return cache;
};

describe('the response cache', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps an answer no longer than the next promotion start or end it shows', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T17:59:59.000Z'));
    const cache = enabledCache();
    const endsAt = Date.parse('2026-11-25T18:00:00.000Z');
    expect(cache.set('promo', 'with the promotion', ['1'], cache.ticket(), endsAt)).toBe(true);
    expect(cache.set('plain', 'no promotions', ['2'], cache.ticket())).toBe(true);
    vi.setSystemTime(endsAt - 1);
    expect(text(cache.get('promo'))).toBe('with the promotion');
    vi.setSystemTime(endsAt);
    expect(cache.get('promo')).toBeUndefined();
    expect(text(cache.get('plain'))).toBe('no promotions');
    // An answer that is already past its validity is not stored at all.
    expect(cache.set('late', 'stale', ['3'], cache.ticket(), endsAt)).toBe(false);
  });

  it('evicts every answer that shows a changed shop, and only those', () => {
    const cache = enabledCache();
    cache.set('one', 'shop 1', ['1'], cache.ticket());
    cache.set('many', 'shops 1 2', ['1', '2'], cache.ticket());
    cache.set('two', 'shop 2', ['2'], cache.ticket());
    cache.invalidate('1');
    expect(cache.get('one')).toBeUndefined();
    expect(cache.get('many')).toBeUndefined();
    expect(text(cache.get('two'))).toBe('shop 2');
  });

  it('refuses an answer computed across a change to one of its shops (the read-then-evict race)', () => {
    const cache = enabledCache();
    const before = cache.ticket();
    cache.invalidate('1'); // announced while the request was reading the old document
    expect(cache.set('one', 'old shop 1', ['1'], before)).toBe(false);
    expect(cache.get('one')).toBeUndefined();
    expect(cache.set('two', 'shop 2', ['2'], before)).toBe(true); // shop 2 did not change
    expect(cache.set('one', 'new shop 1', ['1'], cache.ticket())).toBe(true);
    expect(cache.stats()).toMatchObject({ refused: 1, stores: 2 });
  });

  it('refuses an answer older than the invalidations it remembers', () => {
    const cache = enabledCache({ recentInvalidations: 4 });
    const before = cache.ticket();
    for (const id of ['7', '8', '9', '10', '11']) cache.invalidate(id);
    expect(cache.set('one', 'shop 1', ['1'], before)).toBe(false);
  });

  it('serves and stores nothing while disabled, and forgets everything when disabled', () => {
    const cache = enabledCache();
    const before = cache.ticket();
    cache.set('one', 'shop 1', ['1'], before);
    cache.disable();
    expect(cache.get('one')).toBeUndefined();
    expect(cache.set('one', 'shop 1', ['1'], cache.ticket())).toBe(false);
    cache.enable();
    expect(cache.get('one')).toBeUndefined();
    // An answer begun before the cache was disabled may have missed announcements.
    expect(cache.set('one', 'shop 1', ['1'], before)).toBe(false);
  });

  it('stays within its byte budget, least recently used out first', () => {
    const probe = enabledCache();
    probe.set('a', 'x'.repeat(100), ['a'], probe.ticket());
    const entryBytes = probe.stats().bytes;
    const cache = enabledCache({ maxBytes: 3 * entryBytes });
    for (const key of ['a', 'b', 'c']) cache.set(key, 'x'.repeat(100), [key], cache.ticket());
    cache.get('a');
    cache.set('d', 'x'.repeat(100), ['d'], cache.ticket());
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(3 * entryBytes);
    // The evicted entry no longer indexes its shop.
    cache.invalidate('b');
    expect(cache.stats().evictions).toBe(0);
  });

  it('accounts an entry by the bytes it really holds, its key as well as its body', () => {
    const cache = enabledCache();
    const key = cacheKey('a'.repeat(64), 'Shop', { id: '1', note: 'k'.repeat(2000) }, ['id', 'note']);
    const body = JSON.stringify({ data: { shop: { id: '1', name: '가'.repeat(1000) } } }); // 3 bytes a character in UTF-8
    expect(cache.set(key, body, ['1'], cache.ticket())).toBe(true);
    expect(cache.stats().bytes).toBeGreaterThanOrEqual(Buffer.byteLength(key) + Buffer.byteLength(body));
  });

  it('does not cache an answer whose key is oversized', () => {
    const cache = enabledCache();
    const key = cacheKey('a'.repeat(64), 'Shops', { ids: ['x'.repeat(96 * 1024)] }, ['ids']);
    expect(cache.set(key, '{"data":{"shops":[]}}', ['x'.repeat(96 * 1024)], cache.ticket())).toBe(false);
    expect(cache.get(key)).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('keeps no more entries than its bound, however small they are', () => {
    const cache = createResponseCache({ maxBytes: 1_000_000, maxAgeMs: 60_000, maxEntries: 10 });
    cache.enable();
    for (let n = 0; n < 50; n += 1) cache.set(`key ${n}`, '{}', [String(n)], cache.ticket());
    expect(cache.stats().entries).toBe(10);
  });

  it('keys a read only on the variables its operation declares', () => {
    const declared = ['id'];
    const plain = cacheKey('a'.repeat(64), 'Pad', { id: '987654321' }, declared);
    expect(cacheKey('a'.repeat(64), 'Pad', { id: '987654321', pad: 'p'.repeat(96 * 1024) }, declared)).toBe(plain);
    expect(cacheKey('a'.repeat(64), 'Pad', { pad: 'p', id: '987654321' }, declared)).toBe(plain);
    expect(cacheKey('a'.repeat(64), 'Pad', { id: '1' }, declared)).not.toBe(plain);
  });
});
