import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { commonEnv, flag, parseEnv, port, positiveInt, secret, url } from '@shopgraph/kit/env';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const production = env.NODE_ENV === 'production';
  const vars = parseEnv(
    {
      ...commonEnv,
      GATEWAY_PORT: port(4000),
      /** Worker processes sharing the port: one per core unless set. */
      GATEWAY_WORKERS: positiveInt(availableParallelism()),
      /** The cluster primary's Prometheus endpoint (GET /metrics), aggregated over the workers. */
      GATEWAY_METRICS_PORT: port(9464),
      /**
       * V8 old-space limit of each worker, MB. Without one, V8 on a large machine lets the
       * heap grow to hundreds of MB of garbage before collecting (measured: 330–570 MB per
       * worker under load, against ~200 MB with 128).
       */
      GATEWAY_WORKER_HEAP_MB: positiveInt(128),
      JWT_SECRET: secret('dev-jwt-secret-change-me-please'),
      OWNER_URL: url('http://127.0.0.1:4001/graphql'),
      SHOP_URL: url('http://127.0.0.1:4002/graphql'),
      REVIEW_URL: url('http://127.0.0.1:4003/graphql'),
      DISPLAY_URL: url('http://127.0.0.1:4004/graphql'),
      SEARCH_URL: url('http://127.0.0.1:4006/graphql'),
      SUPERGRAPH_PATH: z.string().default(fileURLToPath(new URL('../supergraph.graphql', import.meta.url))),
      /** Introspection and Apollo Sandbox: on in development, off in production unless enabled. */
      GATEWAY_INTROSPECTION: flag(!production),
      GATEWAY_BODY_LIMIT: z.string().default('100kb'),
      GATEWAY_MAX_DEPTH: positiveInt(8),
      GATEWAY_MAX_ALIASES: positiveInt(15),
      GATEWAY_MAX_TOKENS: positiveInt(3000),
      GATEWAY_MAX_COST: positiveInt(20000),
      /** The read model's Redis, whose change announcements keep the response cache fresh. */
      READ_MODEL_REDIS_URL: url('redis://127.0.0.1:6379'),
      READ_MODEL_PREFIX: z.string().regex(/^[^:{}]+$/, 'must not contain ":", "{" or "}"').default('shopgraph'),
      /** Sends customer shop reads straight to the display subgraph (see direct-read-plugin.ts). */
      GATEWAY_DIRECT_READS: flag(true),
      /** Caches customer shop reads, evicted by the read model's change announcements. */
      GATEWAY_RESPONSE_CACHE: flag(true),
      /** Per worker; counts against GATEWAY_WORKER_HEAP_MB. */
      GATEWAY_RESPONSE_CACHE_MB: positiveInt(32),
      GATEWAY_RESPONSE_CACHE_MAX_AGE_MS: positiveInt(300_000),
      /** Comma-separated origins allowed by CORS; `*` for any. */
      CORS_ORIGINS: z.string().default('*'),
    },
    env,
  );
  return Object.freeze({
    port: vars.GATEWAY_PORT,
    workers: vars.GATEWAY_WORKERS,
    metricsPort: vars.GATEWAY_METRICS_PORT,
    workerHeapMb: vars.GATEWAY_WORKER_HEAP_MB,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    production,
    jwtSecret: vars.JWT_SECRET,
    internalTokenSecret: vars.INTERNAL_TOKEN_SECRET,
    subgraphUrls: Object.freeze({
      owner: vars.OWNER_URL,
      shop: vars.SHOP_URL,
      review: vars.REVIEW_URL,
      display: vars.DISPLAY_URL,
      search: vars.SEARCH_URL,
    } as Record<string, string>),
    supergraphPath: vars.SUPERGRAPH_PATH,
    introspection: vars.GATEWAY_INTROSPECTION,
    bodyLimit: vars.GATEWAY_BODY_LIMIT,
    limits: {
      maxDepth: vars.GATEWAY_MAX_DEPTH,
      maxAliases: vars.GATEWAY_MAX_ALIASES,
      maxTokens: vars.GATEWAY_MAX_TOKENS,
      maxCost: vars.GATEWAY_MAX_COST,
    },
    directReads: vars.GATEWAY_DIRECT_READS,
    responseCache: vars.GATEWAY_RESPONSE_CACHE
      ? {
          redisUrl: vars.READ_MODEL_REDIS_URL,
          prefix: vars.READ_MODEL_PREFIX,
          maxBytes: vars.GATEWAY_RESPONSE_CACHE_MB * 1024 * 1024,
          maxAgeMs: vars.GATEWAY_RESPONSE_CACHE_MAX_AGE_MS,
        }
      : null,
    corsOrigins: vars.CORS_ORIGINS === '*' ? '*' : vars.CORS_ORIGINS.split(',').map((o) => o.trim()),
  });
}

export type GatewayConfig = ReturnType<typeof loadConfig>;
