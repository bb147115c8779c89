import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { commonEnv, flag, parseEnv, port, positiveInt, redisUrl, secret, url } from '@shopgraph/config/env';
import { readModelEnv } from '@shopgraph/read-model';

/** `points/seconds`, e.g. `10/60`: so many attempts (or, for log-ins, failures) per window. */
const throttle = (fallback: string) =>
  z
    .string()
    .regex(/^\d+\/\d+$/, 'must be count/seconds, e.g. 10/60')
    .default(fallback)
    .transform((value) => {
      const [points, seconds] = value.split('/').map(Number) as [number, number];
      return { points, seconds };
    });

/** Log-in throttles once counted attempts; a setting of the old meaning must not be ignored silently. */
const RENAMED = { THROTTLE_LOGIN_PER_ADDRESS: 'THROTTLE_LOGIN_FAILURES_PER_ADDRESS', THROTTLE_LOGIN_PER_ACCOUNT: 'THROTTLE_LOGIN_FAILURES_PER_ACCOUNT' };

/**
 * Live streams a worker's heap holds: measured about 16 KB of V8 heap per open stream (request,
 * response, socket, graphql-sse's stream), budgeted 20 KB above 64 MB for everything else. At
 * the default 128 MB: 3,276 per worker; 5,000 at 128 MB measured a collecting worker (p99 of a
 * push 1.4 s, cached reads -16 %), and 10,000 would not fit at all.
 */
export function liveStreamsFor(workerHeapMb: number): number {
  return Math.max(100, Math.floor(((workerHeapMb - 64) * 1024) / 20));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const production = env.NODE_ENV === 'production';
  for (const [old, now] of Object.entries(RENAMED)) {
    if (env[old] !== undefined) throw new Error(`${old} is no longer read: log-in throttles count failures now; set ${now} (failures/seconds) instead`);
  }
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
      /**
       * Idle keep-alive of client connections: longer than a load balancer's idle timeout.
       * Clients are told 5 s (`Keep-Alive: timeout=5`), so those that honour it (Node's fetch)
       * close idle connections themselves before a draining worker would.
       */
      GATEWAY_KEEP_ALIVE_TIMEOUT_MS: positiveInt(65_000),
      /** The longest a draining worker waits for idle client connections to end by themselves (keep it above the announced 5 s). */
      GATEWAY_DRAIN_TIMEOUT_MS: positiveInt(10_000),
      JWT_SECRET: secret('dev-jwt-secret-change-me-please'),
      OWNER_URL: url('http://127.0.0.1:4001/graphql'),
      SHOP_URL: url('http://127.0.0.1:4002/graphql'),
      REVIEW_URL: url('http://127.0.0.1:4003/graphql'),
      DISPLAY_URL: url('http://127.0.0.1:4004/graphql'),
      SEARCH_URL: url('http://127.0.0.1:4006/graphql'),
      ADS_URL: url('http://127.0.0.1:4007/graphql'),
      ADS_SERVING_URL: url('http://127.0.0.1:4008/graphql'),
      SUPERGRAPH_PATH: z.string().default(fileURLToPath(new URL('../supergraph.graphql', import.meta.url))),
      /** Introspection, Apollo Sandbox and the dashboard's explorer (/dashboard/explorer): on in development, off in production unless enabled. */
      GATEWAY_INTROSPECTION: flag(!production),
      /** The owner dashboard's build, served at /dashboard/ (`npm run build -w @shopgraph/dashboard` writes it). */
      GATEWAY_DASHBOARD_DIR: z.string().default(fileURLToPath(new URL('../../dashboard/dist', import.meta.url))),
      GATEWAY_BODY_LIMIT: z.string().default('100kb'),
      GATEWAY_MAX_DEPTH: positiveInt(8),
      GATEWAY_MAX_ALIASES: positiveInt(15),
      GATEWAY_MAX_TOKENS: positiveInt(3000),
      GATEWAY_MAX_COST: positiveInt(20000),
      /** Shops one request may ask for, all `shop`, `shops(ids)`, `searchShops(first)` and `sponsoredShops(first)` fields together. */
      GATEWAY_MAX_SHOPS: positiveInt(100),
      /** A subgraph that has not answered by then is reported unavailable. */
      GATEWAY_SUBGRAPH_TIMEOUT_MS: positiveInt(10_000),
      /** Calls to one subgraph a worker makes at once (as many as a subgraph takes, SUBGRAPH_MAX_IN_FLIGHT); one more is refused at once with SERVICE_UNAVAILABLE. */
      GATEWAY_SUBGRAPH_MAX_IN_FLIGHT: positiveInt(64),
      /** The largest subgraph answer the gateway buffers (bytes); larger ones fail with RESPONSE_TOO_LARGE. */
      GATEWAY_MAX_SUBGRAPH_RESPONSE_BYTES: positiveInt(8 * 1024 * 1024),
      /** Requests a worker serves at once, cache hits included; more are refused at once with 503 and Retry-After. */
      GATEWAY_MAX_IN_FLIGHT: positiveInt(512),
      /**
       * Requests a worker executes at once (everything but a cache hit: mutations, misses,
       * searches); more are refused at once with 503 and Retry-After, while hits go on.
       */
      GATEWAY_MAX_EXECUTING: positiveInt(128),
      /**
       * Owners' requests (mutations, dashboard reads) a worker sends on adapt to the command
       * side: answers slower than this (ms) shrink how many go at once, and one over is refused
       * at once with 503 and Retry-After; 0: only GATEWAY_MAX_EXECUTING bounds them.
       */
      GATEWAY_WRITE_LATENCY_TARGET_MS: z.coerce.number().int().min(0).default(500),
      /**
       * The same limit follows the read side: a change the read model announces later than this
       * (ms) after it was recorded cuts it too, and holds it from growing as long again; 0: off.
       * Needs the change subscription (the response cache or live updates). Off by default: at
       * 600 updates/s on a 2-core box it kept the read model within ~1 s of the changes (lag p50
       * 4.1 s → 0.97 s) but acknowledged 18 % fewer and left cached reads no faster (2026-12-06).
       */
      GATEWAY_WRITE_LAG_TARGET_MS: z.coerce.number().int().min(0).default(0),
      /** Mean event-loop delay (ms) past which a worker serves cache hits only and refuses the rest at once; 0: never. */
      GATEWAY_SHED_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(100),
      /** Throttles (attempts/seconds), counted in Redis across workers and instances; off with GATEWAY_THROTTLES=false. */
      GATEWAY_THROTTLES: flag(true),
      THROTTLE_REDIS_URL: redisUrl('redis://127.0.0.1:6379'),
      /** Throttle counts' keys are `<prefix>:throttle:<name>:<key>`; the throttles once took READ_MODEL_PREFIX's, whose default this is, so default keys stay put. */
      THROTTLE_PREFIX: z.string().regex(/^[^:{}]+$/, 'must not contain ":", "{" or "}"').default('shopgraph'),
      /**
       * Failed log-ins (failures/seconds), after rate-limiter-flexible's login recipe: a
       * success clears its account's count for that address and costs nothing, so guessing
       * at one account never locks out another owner behind the same address (a NAT).
       */
      THROTTLE_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS: throttle('10/3600'),
      /** Much higher: everyone behind one address together, against one address trying many accounts. */
      THROTTLE_LOGIN_FAILURES_PER_ADDRESS: throttle('100/86400'),
      /** Every address together, against guessing one owner's password from many addresses. */
      THROTTLE_LOGIN_FAILURES_PER_ACCOUNT: throttle('20/3600'),
      THROTTLE_SIGNUP_PER_ADDRESS: throttle('20/3600'),
      THROTTLE_REVIEW_PER_ADDRESS: throttle('10/60'),
      /** searchShops fields per client address (each alias counts): every one is a PostgreSQL query. */
      THROTTLE_SEARCH_PER_ADDRESS: throttle('300/60'),
      /** recordAdClick per client address: each one a charge against an owner's budget. */
      THROTTLE_AD_CLICK_PER_ADDRESS: throttle('60/60'),
      /** Behind a load balancer: how many proxies' X-Forwarded-For entries to trust for the client address. */
      GATEWAY_TRUSTED_PROXIES: z.coerce.number().int().min(0).default(0),
      /** The read model's Redis and prefix, whose change announcements keep the response cache fresh and feed live updates. */
      ...readModelEnv,
      /** Sends customer shop reads straight to the display subgraph (see customer-reads/direct-reads.ts). */
      GATEWAY_DIRECT_READS: flag(true),
      /** Sends an owner's learned mutations straight to the one subgraph that serves them (see owner-writes/direct-writes.ts). */
      GATEWAY_DIRECT_WRITES: flag(true),
      /** Caches customer shop reads, evicted by the read model's change announcements. */
      GATEWAY_RESPONSE_CACHE: flag(true),
      /** Per worker, keys, bodies and bookkeeping counted; the bodies are held outside the V8 heap (GATEWAY_WORKER_HEAP_MB), in the worker's memory all the same. */
      GATEWAY_RESPONSE_CACHE_MB: positiveInt(32),
      GATEWAY_RESPONSE_CACHE_MAX_AGE_MS: positiveInt(300_000),
      /** Entries per worker at most, however small (GATEWAY_RESPONSE_CACHE_MB bounds their bytes). */
      GATEWAY_RESPONSE_CACHE_MAX_ENTRIES: positiveInt(20_000),
      /** How often the read-model change subscription is PINGed; the cache is off while a PING goes unanswered. */
      GATEWAY_RESPONSE_CACHE_PING_INTERVAL_MS: positiveInt(1000),
      /** How long a PING may go unanswered before the cache turns off (and the subscription reconnects). */
      GATEWAY_RESPONSE_CACHE_PING_TIMEOUT_MS: positiveInt(1000),
      /** subscription { shopPublished } over Server-Sent Events at /graphql/stream, from the read model's change announcements. */
      GATEWAY_LIVE_UPDATES: flag(true),
      /** Open live streams per client address, in each worker; one more is refused 429 TOO_MANY_REQUESTS with Retry-After. */
      GATEWAY_STREAMS_PER_ADDRESS: positiveInt(500),
      /**
       * Open live streams per worker; one more is refused 503 SERVICE_UNAVAILABLE with Retry-After.
       * Unset: as many as GATEWAY_WORKER_HEAP_MB holds (see liveStreamsFor).
       */
      GATEWAY_STREAMS_PER_WORKER: z.coerce.number().int().positive().optional(),
      /** KB a live stream may have waiting for a client that reads slowly; past it the client is dropped (and reconnects). */
      GATEWAY_STREAM_MAX_BUFFER_KB: positiveInt(256),
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
    requestTimeoutMs: vars.REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: vars.GATEWAY_KEEP_ALIVE_TIMEOUT_MS,
    drainTimeoutMs: vars.GATEWAY_DRAIN_TIMEOUT_MS,
    maxInFlight: vars.GATEWAY_MAX_IN_FLIGHT,
    maxExecuting: vars.GATEWAY_MAX_EXECUTING,
    writeLatencyTargetMs: vars.GATEWAY_WRITE_LATENCY_TARGET_MS,
    writeLagTargetMs: vars.GATEWAY_WRITE_LAG_TARGET_MS,
    shedDelayMs: vars.GATEWAY_SHED_EVENT_LOOP_DELAY_MS,
    trustedProxies: vars.GATEWAY_TRUSTED_PROXIES,
    subgraphFetch: { timeoutMs: vars.GATEWAY_SUBGRAPH_TIMEOUT_MS, maxResponseBytes: vars.GATEWAY_MAX_SUBGRAPH_RESPONSE_BYTES, maxInFlight: vars.GATEWAY_SUBGRAPH_MAX_IN_FLIGHT },
    jwtSecret: vars.JWT_SECRET,
    internalTokenSecret: vars.INTERNAL_TOKEN_SECRET,
    subgraphUrls: Object.freeze({
      owner: vars.OWNER_URL,
      shop: vars.SHOP_URL,
      review: vars.REVIEW_URL,
      display: vars.DISPLAY_URL,
      search: vars.SEARCH_URL,
      ads: vars.ADS_URL,
      'ads-serving': vars.ADS_SERVING_URL,
    } as Record<string, string>),
    supergraphPath: vars.SUPERGRAPH_PATH,
    introspection: vars.GATEWAY_INTROSPECTION,
    dashboardDir: vars.GATEWAY_DASHBOARD_DIR,
    bodyLimit: vars.GATEWAY_BODY_LIMIT,
    limits: {
      maxDepth: vars.GATEWAY_MAX_DEPTH,
      maxAliases: vars.GATEWAY_MAX_ALIASES,
      maxTokens: vars.GATEWAY_MAX_TOKENS,
      maxCost: vars.GATEWAY_MAX_COST,
      maxShops: vars.GATEWAY_MAX_SHOPS,
    },
    throttles: vars.GATEWAY_THROTTLES
      ? {
          redisUrl: vars.THROTTLE_REDIS_URL,
          prefix: vars.THROTTLE_PREFIX,
          settings: {
            logIn: {
              failuresPerAccountAndAddress: vars.THROTTLE_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
              failuresPerAddress: vars.THROTTLE_LOGIN_FAILURES_PER_ADDRESS,
              failuresPerAccount: vars.THROTTLE_LOGIN_FAILURES_PER_ACCOUNT,
            },
            signUpPerAddress: vars.THROTTLE_SIGNUP_PER_ADDRESS,
            writeReviewPerAddress: vars.THROTTLE_REVIEW_PER_ADDRESS,
            searchShopsPerAddress: vars.THROTTLE_SEARCH_PER_ADDRESS,
            adClickPerAddress: vars.THROTTLE_AD_CLICK_PER_ADDRESS,
          },
        }
      : null,
    directReads: vars.GATEWAY_DIRECT_READS,
    directWrites: vars.GATEWAY_DIRECT_WRITES,
    responseCache: vars.GATEWAY_RESPONSE_CACHE
      ? {
          redisUrl: vars.READ_MODEL_REDIS_URL,
          prefix: vars.READ_MODEL_PREFIX,
          maxBytes: vars.GATEWAY_RESPONSE_CACHE_MB * 1024 * 1024,
          maxAgeMs: vars.GATEWAY_RESPONSE_CACHE_MAX_AGE_MS,
          maxEntries: vars.GATEWAY_RESPONSE_CACHE_MAX_ENTRIES,
          pingIntervalMs: vars.GATEWAY_RESPONSE_CACHE_PING_INTERVAL_MS,
          pingTimeoutMs: vars.GATEWAY_RESPONSE_CACHE_PING_TIMEOUT_MS,
        }
      : null,
    liveUpdates: vars.GATEWAY_LIVE_UPDATES
      ? {
          redisUrl: vars.READ_MODEL_REDIS_URL,
          prefix: vars.READ_MODEL_PREFIX,
          perAddress: vars.GATEWAY_STREAMS_PER_ADDRESS,
          perWorker: vars.GATEWAY_STREAMS_PER_WORKER ?? liveStreamsFor(vars.GATEWAY_WORKER_HEAP_MB),
          maxBufferBytes: vars.GATEWAY_STREAM_MAX_BUFFER_KB * 1024,
          pingIntervalMs: vars.GATEWAY_RESPONSE_CACHE_PING_INTERVAL_MS,
          pingTimeoutMs: vars.GATEWAY_RESPONSE_CACHE_PING_TIMEOUT_MS,
        }
      : null,
    corsOrigins: vars.CORS_ORIGINS === '*' ? '*' : vars.CORS_ORIGINS.split(',').map((o) => o.trim()),
  });
}

export type GatewayConfig = ReturnType<typeof loadConfig>;
