import { afterEach, describe, expect, it, vi } from 'vitest';
import { createResponseCache } from '../src/response-cache/response-cache.js';

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
    expect(cache.get('promo')).toBe('with the promotion');
    vi.setSystemTime(endsAt);
    expect(cache.get('promo')).toBeUndefined();
    expect(cache.get('plain')).toBe('no promotions');
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
    expect(cache.get('two')).toBe('shop 2');
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
    const cache = enabledCache({ maxBytes: 3 * (100 + 64) });
    for (const key of ['a', 'b', 'c']) cache.set(key, 'x'.repeat(100), [key], cache.ticket());
    cache.get('a');
    cache.set('d', 'x'.repeat(100), ['d'], cache.ticket());
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(3 * (100 + 64));
    // The evicted entry no longer indexes its shop.
    cache.invalidate('b');
    expect(cache.stats().evictions).toBe(0);
  });
});
