import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from '@shopgraph/db/default-database-url';

/**
 * Parses environment variables once against a zod shape whose keys are the variable
 * names; the result is frozen. Fails fast with a message naming every bad variable.
 */
export function parseEnv<S extends z.ZodRawShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<z.infer<z.ZodObject<S>>> {
  const result = z.object(shape).safeParse(env);
  const problems = result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  for (const [name, now] of Object.entries(retiredEnv)) {
    if (env[name] !== undefined) problems.push(`${name} is no longer read: set ${now}`);
  }
  if (result.success && env.NODE_ENV === 'production') {
    for (const [name, schema] of Object.entries(shape)) {
      const value = (result.data as Record<string, unknown>)[name];
      const weakness = SECRETS.has(schema) && typeof value === 'string' ? secretWeakness(value) : undefined;
      if (weakness) problems.push(`${name}: ${weakness} (NODE_ENV=production; generate one with \`openssl rand -base64 48\`)`);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return Object.freeze(result.data!);
}

/** A TCP port, with a default. */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** A positive integer, with a default. */
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** A URL string, with a default. */
export const url = (fallback: string) => z.url().default(fallback);

/**
 * One `redis://` URL (a single node) or a comma-separated list of them: the seed nodes of
 * a Redis Cluster (see redis.ts). Kept as the string given; `createRedis` splits it.
 */
export const redisUrl = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (value) => value.split(',').every((part) => z.url({ protocol: /^rediss?$/ }).safeParse(part.trim()).success),
      'must be a redis:// URL or a comma-separated list of them (Redis Cluster seed nodes)',
    );

/** "true"/"1"/"yes" or "false"/"0"/"no", with a default. */
export const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Secrets declared with `secret()`: parseEnv checks their strength in production. */
const SECRETS = new WeakSet<object>();

/** Shorter than this cannot be a random secret of 192 bits in base64. */
export const MIN_SECRET_LENGTH = 32;
const WELL_KNOWN = /change-?me|replace-?me|example|placeholder|^dev-|^e2e-|^test-|^secret$|^password$/i;

/** Why a value is no production secret, or undefined when it can be one. */
export function secretWeakness(value: string): string | undefined {
  if (value.length < MIN_SECRET_LENGTH) return `too short for a secret (at least ${MIN_SECRET_LENGTH} characters)`;
  if (WELL_KNOWN.test(value)) return 'a well-known development or example value';
  if (new Set(value).size < 12) return 'too few distinct characters to be random';
  return undefined;
}

/**
 * A secret: the development default is fine on a laptop; in production (NODE_ENV=production)
 * parseEnv refuses it, any well-known or example value, and anything short or repetitive.
 */
export const secret = (developmentDefault: string) => {
  const schema = z.string().min(16).default(developmentDefault);
  SECRETS.add(schema);
  return schema;
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A pino level, with a default. */
export const logLevel = (fallback: (typeof LOG_LEVELS)[number] = 'info') => z.enum(LOG_LEVELS).default(fallback);

/**
 * Variables once read under a name that did not say who reads it (the gateway parsed them and
 * then used its GATEWAY_* twins), each with what replaces it. Set, they stop every service at
 * start-up rather than be ignored by some of them (docs/configuration.md lists them).
 */
export const retiredEnv: Readonly<Record<string, string>> = {
  MAX_IN_FLIGHT: 'SUBGRAPH_MAX_IN_FLIGHT (subgraphs) or GATEWAY_MAX_IN_FLIGHT (gateway)',
  SHED_EVENT_LOOP_DELAY_MS: 'SUBGRAPH_SHED_EVENT_LOOP_DELAY_MS (subgraphs) or GATEWAY_SHED_EVENT_LOOP_DELAY_MS (gateway)',
};

/** Settings every service shares. */
export const commonEnv = {
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: logLevel(),
  HOST: z.string().default('127.0.0.1'),
  /** A request not answered by then gets a coded 503 (`serviceShellSettings`). */
  REQUEST_TIMEOUT_MS: positiveInt(30_000),
  /** The gateway's key for the customers' and owners' identities it passes to subgraphs (service identities: SERVICE_TOKEN_SECRET). */
  INTERNAL_TOKEN_SECRET: secret('dev-internal-secret-change-me'),
};

/**
 * The subgraphs' service shell (`serviceShellSettings`): admission control, load shedding and
 * introspection. Named SUBGRAPH_* so that none reads like a setting of the gateway, which has
 * its own GATEWAY_* ones and does not parse these.
 */
export const subgraphEnv = {
  /** Requests a subgraph serves at once; more are refused at once with 503 and Retry-After. */
  SUBGRAPH_MAX_IN_FLIGHT: positiveInt(64),
  /**
   * Mean event-loop delay (ms) past which a subgraph refuses requests at once; 0: never. Off
   * by default: behind the gateway, their in-flight bound refuses fast enough, and a display
   * subgraph serving a closed-loop burst of bulk reads runs late without being overloaded
   * (measured: it shed 96 % of a `shops(20)` benchmark at 100 ms).
   */
  SUBGRAPH_SHED_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(0),
  /** Subgraph introspection: on unless NODE_ENV=production (the gateway composes from SDL files). */
  SUBGRAPH_INTROSPECTION: z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional(),
};

/**
 * The key of `service:*` identities (the projector's, the search indexer's, the review
 * consumer's), apart from INTERNAL_TOKEN_SECRET, the gateway's key for customers' and owners'
 * identities: the public gateway is not given this one, so whoever takes it over still
 * cannot sign a service identity. Given to the services that sign or verify them (owner,
 * shop, review, search, projector), never to the gateway or display.
 */
export const serviceIdentityEnv = {
  /** Development falls back to INTERNAL_TOKEN_SECRET; production needs its own, different one. */
  SERVICE_TOKEN_SECRET: z.string().min(16).optional(),
};

/** SERVICE_TOKEN_SECRET, checked: in production set, strong, and not INTERNAL_TOKEN_SECRET again. */
export function serviceTokenSecret(vars: { NODE_ENV: string; INTERNAL_TOKEN_SECRET: string; SERVICE_TOKEN_SECRET?: string | undefined }): string {
  const value = vars.SERVICE_TOKEN_SECRET;
  if (vars.NODE_ENV !== 'production') return value ?? vars.INTERNAL_TOKEN_SECRET;
  const problem =
    value === undefined ? 'missing' : value === vars.INTERNAL_TOKEN_SECRET ? 'the same as INTERNAL_TOKEN_SECRET (the gateway could then sign service identities)' : secretWeakness(value);
  if (problem) throw new Error(`Invalid configuration:\n  SERVICE_TOKEN_SECRET: ${problem} (NODE_ENV=production; generate one with \`openssl rand -base64 48\`)`);
  return value!;
}

/** What the service shell (`createGraphQLService`) takes from the common settings. */
export function serviceShellSettings(vars: Readonly<z.infer<z.ZodObject<typeof commonEnv & typeof subgraphEnv>>>) {
  const production = vars.NODE_ENV === 'production';
  const introspection = vars.SUBGRAPH_INTROSPECTION === undefined ? !production : ['true', '1', 'yes'].includes(vars.SUBGRAPH_INTROSPECTION);
  return {
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    production,
    internalTokenSecret: vars.INTERNAL_TOKEN_SECRET,
    requestTimeoutMs: vars.REQUEST_TIMEOUT_MS,
    maxInFlight: vars.SUBGRAPH_MAX_IN_FLIGHT,
    shedDelayMs: vars.SUBGRAPH_SHED_EVENT_LOOP_DELAY_MS,
    introspection,
  };
}

/** The command side's PostgreSQL. */
export const databaseEnv = {
  DATABASE_URL: url(DEFAULT_DATABASE_URL),
  /**
   * Connections each service opens to it at start and keeps open while idle (the pool's
   * floor; it opens up to 10 under load): a burst after a quiet spell or a restart then finds
   * warm backends.
   */
  DATABASE_POOL_MIN: z.coerce.number().int().min(0).max(10).default(4),
};
