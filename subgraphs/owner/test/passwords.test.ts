import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createPasswords } from '../src/passwords.js';

describe('password hashes', () => {
  it('are made at the configured cost and checked at the cost they were made with', async () => {
    const cheap = createPasswords(10);
    const stored = await cheap.hash('correct horse');
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    // The cost travels with the hash: raising the setting keeps every existing password valid.
    const dearer = createPasswords(11);
    expect(await dearer.verify('correct horse', stored)).toBe(true);
    expect(await dearer.verify('wrong horse', stored)).toBe(false);
    expect(await dearer.hash('correct horse')).toMatch(/^scrypt\$2048\$/);
  });

  it('fail for an unknown account (no stored hash) after a check like any other', async () => {
    const passwords = createPasswords(10);
    expect(await passwords.verify('correct horse', undefined)).toBe(false);
  });
});

describe('PASSWORD_HASH_COST', () => {
  const secrets = {
    JWT_SECRET: 'kS9xQ2vL7mN4pR8tW1yZ6bC3dF5gH0jAkS9xQ2vL7mN4',
    INTERNAL_TOKEN_SECRET: 'Qm9vdGhzIGFyZSByYW5kb20gZW5vdWdoIGZvciB0aGlz',
    SERVICE_TOKEN_SECRET: 'YW5vdGhlciBzdHJvbmcgc2VjcmV0IGZvciB0ZXN0czEy',
  };

  it('is 15 (N = 2^15) unless set', () => {
    expect(loadConfig({}).passwordHashCost).toBe(15);
    expect(loadConfig({ PASSWORD_HASH_COST: '10' }).passwordHashCost).toBe(10);
  });

  it('refuses costs below 15 in production, and any outside 10–17', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...secrets })).not.toThrow();
    expect(() => loadConfig({ NODE_ENV: 'production', PASSWORD_HASH_COST: '12', ...secrets })).toThrow(/PASSWORD_HASH_COST: at least 15/);
    expect(() => loadConfig({ PASSWORD_HASH_COST: '9' })).toThrow(/PASSWORD_HASH_COST/);
    expect(() => loadConfig({ PASSWORD_HASH_COST: '18' })).toThrow(/PASSWORD_HASH_COST/);
  });
});
