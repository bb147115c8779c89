import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTrackingTokens } from '../src/serving/tracking-token.js';

const tokens = createTrackingTokens('tracking-token-test-secret');
const claims = { campaignId: '12', shopId: '345', bid: 700, issuedAt: Date.parse('2026-12-04T03:00:00.000Z') };

describe('tracking tokens', () => {
  it('say which campaign, shop and bid a slot was served at, and when; each one unique', () => {
    const token = tokens.issue(claims);
    expect(tokens.verify(token)).toEqual({ ...claims, nonce: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/) });
    expect(tokens.issue(claims)).not.toBe(token);
  });

  it('refuse a token changed in any part, made up, signed with another key, or not a token at all', () => {
    const token = tokens.issue(claims);
    const parts = token.split('.');
    const changed = parts.map((part, index) => parts.map((p, i) => (i === index ? (p.startsWith('9') ? `8${p.slice(1)}` : `9${p.slice(1)}`) : p)).join('.'));
    for (const forged of [
      ...changed,
      token.replace('.700.', '.10000.'),
      createTrackingTokens('another-secret-entirely').issue(claims),
      `${token}x`,
      '',
      'not-a-token',
      'x'.repeat(10_000),
      `${parts.slice(0, 5).join('.')}.`,
    ]) {
      expect(tokens.verify(forged), forged.slice(0, 60)).toBeNull();
    }
  });

  it('never take anything a client can send for a token, and never throw on it', () => {
    const token = tokens.issue(claims);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.stringMatching(/^[0-9a-zA-Z._-]{1,120}$/), fc.integer({ min: 0, max: token.length - 1 }).chain((at) => fc.string({ minLength: 1, maxLength: 1 }).map((c) => token.slice(0, at) + c + token.slice(at + 1)))), (candidate) => {
        return candidate === token || tokens.verify(candidate) === null;
      }),
      { numRuns: 2000 },
    );
  });
});
