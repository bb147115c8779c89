import { z } from 'zod';
import { commonEnv, flag, parseEnv, serviceIdentityEnv, serviceTokenSecret, port, positiveInt, secret, url } from '@shopgraph/config/env';
import { queueEnv, queueSettings } from '@shopgraph/events/queue-settings';
import { readModelEnv } from '@shopgraph/read-model';

export function loadProjectorConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv(
    {
      ...commonEnv,
      /**
       * The gateway's key is not the projector's to hold: it signs no customer or owner identity.
       * Read only as SERVICE_TOKEN_SECRET's development fallback, so production does not ask for it.
       */
      INTERNAL_TOKEN_SECRET: z.string().default('dev-internal-secret-change-me'),
      ...serviceIdentityEnv,
      ...queueEnv,
      ...readModelEnv,
      /** Serves only /health and /ready. */
      PROJECTOR_PORT: port(4005),
      PROJECTOR_CONCURRENCY: positiveInt(64),
      OWNER_URL: url('http://127.0.0.1:4001/graphql'),
      SHOP_URL: url('http://127.0.0.1:4002/graphql'),
      REVIEW_URL: url('http://127.0.0.1:4003/graphql'),
      /** Replicas that must hold a document write before its job completes (Redis WAIT); 0 without replicas. */
      READ_MODEL_REDIS_WAIT_REPLICAS: z.coerce.number().int().min(0).default(0),
      /** How often the read model's generation marker is checked (see read-model-keeper.ts); 0: never. */
      READ_MODEL_CHECK_MS: z.coerce.number().int().min(0).default(2000),
      /** How often every live shop is checked for a document; 0: never. */
      READ_MODEL_AUDIT_MS: z.coerce.number().int().min(0).default(60_000),
      /** Bearer token for the /admin rebuild endpoint. */
      ADMIN_TOKEN: secret('dev-admin-token-change-me'),
      /**
       * Development only: leaves `Secure` off the admin cookie, for a browser reaching the
       * projector over plain HTTP on another host than localhost. Refused in production.
       */
      ADMIN_PLAIN_HTTP: flag(false),
      /** How long a browser's admin session lasts, ended by the server (and at POST /admin/logout). */
      ADMIN_SESSION_SECONDS: positiveInt(8 * 3600),
    },
    env,
  );
  if (vars.ADMIN_PLAIN_HTTP && env.NODE_ENV === 'production') throw new Error('ADMIN_PLAIN_HTTP must not be set in production: the admin cookie must be Secure');
  return Object.freeze({
    port: vars.PROJECTOR_PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    concurrency: vars.PROJECTOR_CONCURRENCY,
    ...queueSettings(vars),
    readModelRedisUrl: vars.READ_MODEL_REDIS_URL,
    readModelPrefix: vars.READ_MODEL_PREFIX,
    readModelReplicaWait: { replicas: vars.READ_MODEL_REDIS_WAIT_REPLICAS, timeoutMs: vars.REDIS_WAIT_TIMEOUT_MS },
    sources: { ownerUrl: vars.OWNER_URL, shopUrl: vars.SHOP_URL, reviewUrl: vars.REVIEW_URL },
    /** Signs the projector's `service:projector` identity (it signs no other). */
    serviceTokenSecret: serviceTokenSecret(vars),
    adminToken: vars.ADMIN_TOKEN,
    admin: { plainHttp: vars.ADMIN_PLAIN_HTTP, sessionTtlSeconds: vars.ADMIN_SESSION_SECONDS },
    keeper: { checkIntervalMs: vars.READ_MODEL_CHECK_MS, auditIntervalMs: vars.READ_MODEL_AUDIT_MS },
  });
}

export type ProjectorConfig = ReturnType<typeof loadProjectorConfig>;
