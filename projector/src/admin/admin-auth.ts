import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisClient } from '@shopgraph/redis-client/redis';
import { sendRetryLater } from '@shopgraph/service-shell/request-errors';

const COOKIE = 'shopgraph_admin';

/** Sessions live in Redis: while it does not answer, a retryable refusal, not an error page. */
const SESSIONS_UNAVAILABLE = 'Admin sessions are unavailable for a moment; try again.';

const same = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

export interface AdminAuthOptions {
  /** ADMIN_TOKEN. */
  token: string;
  /** Where sessions and the sign-in throttle live, so every projector honours a sign-in and a sign-out. */
  redis: RedisClient;
  /** Key prefix (READ_MODEL_PREFIX). */
  prefix: string;
  /** How long a browser session lasts, checked by the server (the cookie's Max-Age only asks the browser). @default 8 hours */
  sessionTtlSeconds?: number;
  /**
   * Leaves `Secure` off the cookie, for a browser reaching the projector over plain HTTP on
   * another host than localhost in development (browsers treat http://localhost as secure).
   * The projector usually sits behind a proxy that ends TLS, where `req.secure` is false:
   * the cookie is Secure unless this says otherwise. @default false
   */
  plainHttp?: boolean;
  /** Wrong tokens allowed from one address per window; the right one clears the count. @default 10 per 15 minutes */
  failuresPerAddress?: { points: number; seconds: number };
}

/**
 * Operators' access to the projector's /admin routes with ADMIN_TOKEN: as a bearer token
 * (scripts, curl), or signed in from a browser at /admin/login, which sets an HttpOnly,
 * SameSite=Strict, Secure cookie holding a random session id (never the token, nor anything
 * derived from it). The session is a Redis key with a TTL, so the server ends it at its
 * expiry and at POST /admin/logout, whatever the browser keeps; Redis holds only the id's
 * SHA-256, so reading Redis gives no session away.
 */
export function createAdminAuth({ token, redis, prefix, sessionTtlSeconds = 8 * 3600, plainHttp = false, failuresPerAddress = { points: 10, seconds: 900 } }: AdminAuthOptions) {
  const sessionKey = (id: string) => `${prefix}:admin:session:${createHash('sha256').update(id).digest('base64url')}`;
  const failures = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}:admin:login-fail`,
    points: failuresPerAddress.points,
    duration: failuresPerAddress.seconds,
    rejectIfRedisNotReady: true,
    // While Redis is down the process counts alone rather than letting every guess through.
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: 'admin-login-fail', points: failuresPerAddress.points, duration: failuresPerAddress.seconds }),
  });
  const cookieOf = (req: Request) =>
    (req.headers.cookie ?? '')
      .split(';')
      .map((part) => part.trim().split('='))
      .find(([name]) => name === COOKIE)?.[1];
  const setCookie = (res: Response, value: string, maxAge: number) =>
    res.setHeader('Set-Cookie', `${COOKIE}=${value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${plainHttp ? '' : '; Secure'}`);
  const authorized = async (req: Request) => {
    const bearer = req.headers.authorization;
    if (bearer) return same(bearer, `Bearer ${token}`);
    const cookie = cookieOf(req);
    // A session id is 43 base64url characters; anything else is not worth a round trip.
    if (cookie === undefined || !/^[\w-]{43}$/.test(cookie)) return false;
    return (await redis.exists(sessionKey(cookie))) === 1;
  };

  /** Lets through operators only: 401 for an API call, the sign-in page for a browser. */
  const requireAdmin: RequestHandler = (req, res, next) => {
    authorized(req).then((ok) => {
      if (ok) return next();
      if (req.method === 'GET' && req.accepts(['json', 'html']) === 'html') {
        res.redirect(303, `/admin/login?next=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      res.status(401).json({ error: 'admin token required (Authorization: Bearer <ADMIN_TOKEN>, or sign in at /admin/login)' });
    }, () => sendRetryLater(res, SESSIONS_UNAVAILABLE));
  };

  /**
   * GET /admin/login: a form for the token; POST /admin/login: checks it and starts a session;
   * POST /admin/logout: ends it.
   */
  function mountSignIn(app: Express): void {
    const page = (message = '') => `<!doctype html><html><head><meta charset="utf-8"><title>shopgraph admin</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:4rem auto">
<h1>shopgraph admin</h1><p>${message}</p>
<form method="post"><label>Admin token <input type="password" name="token" autofocus required style="width:100%"></label>
<p><button type="submit">Sign in</button></p></form>
<form method="post" action="/admin/logout"><button type="submit">Sign out</button></form></body></html>`;
    const nextOf = (req: Request) => {
      const next = typeof req.query.next === 'string' ? req.query.next : '/admin/queues';
      // Only a path of this server: no open redirect.
      return next.startsWith('/admin/') && !next.startsWith('//') ? next : '/admin/queues';
    };
    app.get('/admin/login', (_req, res) => {
      res.type('html').send(page('Sign in with the ADMIN_TOKEN to see the queues.'));
    });
    app.post('/admin/login', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res, next) => {
      const address = req.ip ?? 'unknown';
      try {
        // The attempt holds its point before the token is compared, so guesses sent at once
        // get no more tries than guesses in a row; a right token gives it back and clears the count.
        await failures.consume(address);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) return next(refusal);
        const retryAfter = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
        res.status(429).setHeader('Retry-After', String(retryAfter)).type('html').send(page(`Too many wrong tokens from this address; try again in ${retryAfter} s.`));
        return;
      }
      const given = (req.body as { token?: unknown } | undefined)?.token;
      if (typeof given !== 'string' || !same(given, token)) {
        res.status(401).type('html').send(page('That is not the admin token.'));
        return;
      }
      try {
        await failures.delete(address);
        const id = randomBytes(32).toString('base64url');
        await redis.set(sessionKey(id), '1', 'EX', sessionTtlSeconds);
        setCookie(res, id, sessionTtlSeconds);
        res.redirect(303, nextOf(req));
      } catch {
        sendRetryLater(res, SESSIONS_UNAVAILABLE);
      }
    });
    app.post('/admin/logout', async (req, res) => {
      const cookie = cookieOf(req);
      try {
        if (cookie) await redis.del(sessionKey(cookie));
        setCookie(res, '', 0);
        res.redirect(303, '/admin/login');
      } catch {
        sendRetryLater(res, SESSIONS_UNAVAILABLE);
      }
    });
  }

  return { requireAdmin, mountSignIn };
}

export type AdminAuth = ReturnType<typeof createAdminAuth>;
