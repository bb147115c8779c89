import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Express, type Request, type RequestHandler } from 'express';

const COOKIE = 'shopgraph_admin';

const same = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Operators' access to the projector's /admin routes with ADMIN_TOKEN: as a bearer token
 * (scripts, curl), or signed in from a browser at /admin/login, which sets an HttpOnly,
 * SameSite=Strict cookie holding an HMAC of the token (never the token itself), so the
 * queue board's own requests are authorized and no other site can make them.
 */
export function createAdminAuth(token: string) {
  const session = createHmac('sha256', token).update('shopgraph admin session').digest('base64url');
  const cookieOf = (req: Request) =>
    (req.headers.cookie ?? '')
      .split(';')
      .map((part) => part.trim().split('='))
      .find(([name]) => name === COOKIE)?.[1];
  const authorized = (req: Request) => {
    const bearer = req.headers.authorization;
    if (bearer) return same(bearer, `Bearer ${token}`);
    const cookie = cookieOf(req);
    return cookie !== undefined && same(cookie, session);
  };

  /** Lets through operators only: 401 for an API call, the sign-in page for a browser. */
  const requireAdmin: RequestHandler = (req, res, next) => {
    if (authorized(req)) return next();
    if (req.method === 'GET' && req.accepts(['json', 'html']) === 'html') {
      res.redirect(303, `/admin/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    res.status(401).json({ error: 'admin token required (Authorization: Bearer <ADMIN_TOKEN>, or sign in at /admin/login)' });
  };

  /** GET /admin/login: a form for the token; POST /admin/login: checks it and sets the cookie. */
  function mountSignIn(app: Express): void {
    const page = (message = '') => `<!doctype html><html><head><meta charset="utf-8"><title>shopgraph admin</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:4rem auto">
<h1>shopgraph admin</h1><p>${message}</p>
<form method="post"><label>Admin token <input type="password" name="token" autofocus required style="width:100%"></label>
<p><button type="submit">Sign in</button></p></form></body></html>`;
    const nextOf = (req: Request) => {
      const next = typeof req.query.next === 'string' ? req.query.next : '/admin/queues';
      // Only a path of this server: no open redirect.
      return next.startsWith('/admin/') && !next.startsWith('//') ? next : '/admin/queues';
    };
    app.get('/admin/login', (_req, res) => {
      res.type('html').send(page('Sign in with the ADMIN_TOKEN to see the queues.'));
    });
    app.post('/admin/login', express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => {
      const given = (req.body as { token?: unknown } | undefined)?.token;
      if (typeof given !== 'string' || !same(given, token)) {
        res.status(401).type('html').send(page('That is not the admin token.'));
        return;
      }
      const secure = req.secure ? '; Secure' : '';
      res.setHeader('Set-Cookie', `${COOKIE}=${session}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=28800${secure}`);
      res.redirect(303, nextOf(req));
    });
  }

  return { requireAdmin, mountSignIn };
}

export type AdminAuth = ReturnType<typeof createAdminAuth>;
