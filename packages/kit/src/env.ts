import { z } from 'zod';

/**
 * Parses environment variables once against a zod shape whose keys are the variable
 * names; the result is frozen. Fails fast with a message naming every bad variable.
 */
export function parseEnv<S extends z.ZodRawShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<z.infer<z.ZodObject<S>>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return Object.freeze(result.data);
}

/** A TCP port, with a default. */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** A positive integer, with a default. */
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** A URL string, with a default. */
export const url = (fallback: string) => z.url().default(fallback);

/** "true"/"1"/"yes" or "false"/"0"/"no", with a default. */
export const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** A secret: the development default is fine on a laptop and refused in production. */
export const secret = (developmentDefault: string) =>
  z
    .string()
    .min(16)
    .default(developmentDefault)
    .refine((value) => process.env.NODE_ENV !== 'production' || value !== developmentDefault, {
      message: 'set a real secret when NODE_ENV=production',
    });

export const logLevel = () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** Settings every service shares. */
export const commonEnv = {
  LOG_LEVEL: logLevel(),
  HOST: z.string().default('127.0.0.1'),
  /** Signs the identity the gateway passes to subgraphs (and the projector's service identity). */
  INTERNAL_TOKEN_SECRET: secret('dev-internal-secret-change-me'),
};

/** The command side's PostgreSQL. */
export const databaseEnv = {
  DATABASE_URL: url('postgresql://postgres@127.0.0.1:5432/shopgraph'),
};

/** The Redis that carries BullMQ queues (may differ from the read model's). */
export const queueEnv = {
  QUEUE_REDIS_URL: url('redis://127.0.0.1:6379'),
  /** BullMQ key prefix; on Redis Cluster use a hash tag such as `{shopgraph}`. */
  QUEUE_PREFIX: z.string().regex(/^[^:]+$/, 'must not contain ":"').default('shopgraph'),
};
