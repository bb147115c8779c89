import { describe, expect, it } from 'vitest';
import { commonEnv, parseEnv, secret, serviceIdentityEnv, serviceTokenSecret } from '../src/env.js';

const STRONG = 'q8Jd2LxV7nRc4Wm9Tz1Kp6Hs3Bf5Gy0A';
const shape = { ...commonEnv, JWT_SECRET: secret('dev-jwt-secret-change-me-please') };
const inProduction = (env: Record<string, string>) => () => parseEnv(shape, { NODE_ENV: 'production', INTERNAL_TOKEN_SECRET: STRONG, JWT_SECRET: STRONG, ...env });

describe('secrets in production', () => {
  it('refuses development defaults, example values, short or repetitive secrets, naming the variable', () => {
    for (const weak of ['dev-jwt-secret-change-me-please', 'compose-jwt-secret-change-me-000000', 'replace-me-with-openssl-rand-base64-48', 'short-but-random-9f8e7d', 'a'.repeat(48), 'abababababababababababababababababab']) {
      expect(inProduction({ JWT_SECRET: weak }), weak).toThrow(/JWT_SECRET/);
    }
    expect(inProduction({ INTERNAL_TOKEN_SECRET: 'dev-internal-secret-change-me' })).toThrow(/INTERNAL_TOKEN_SECRET/);
    // Unset: the development default, refused.
    expect(() => parseEnv(shape, { NODE_ENV: 'production', JWT_SECRET: STRONG })).toThrow(/INTERNAL_TOKEN_SECRET/);
  });

  it('needs in production a services key of its own, apart from the gateway key', () => {
    const services = (env: Record<string, string>) => () => serviceTokenSecret(parseEnv({ ...commonEnv, ...serviceIdentityEnv }, { INTERNAL_TOKEN_SECRET: STRONG, ...env }));
    expect(services({ NODE_ENV: 'production' })).toThrow(/SERVICE_TOKEN_SECRET: missing/);
    expect(services({ NODE_ENV: 'production', SERVICE_TOKEN_SECRET: STRONG })).toThrow(/SERVICE_TOKEN_SECRET: the same as INTERNAL_TOKEN_SECRET/);
    expect(services({ NODE_ENV: 'production', SERVICE_TOKEN_SECRET: 'replace-me-with-openssl-rand-base64-48' })).toThrow(/SERVICE_TOKEN_SECRET/);
    const other = 'Zt7Yq1Wm3Xp5Vn9Rb2Kc4Hd6Jf8Lg0Sa';
    expect(services({ NODE_ENV: 'production', SERVICE_TOKEN_SECRET: other })()).toBe(other);
    // One secret serves both on a laptop.
    expect(services({})()).toBe(STRONG);
  });

  it('accepts a random secret in production, and the defaults in development', () => {
    expect(inProduction({})().JWT_SECRET).toBe(STRONG);
    expect(parseEnv(shape, {}).JWT_SECRET).toBe('dev-jwt-secret-change-me-please');
  });
});
