// Plain JavaScript beside the package rather than in src/: the Prisma CLI wrapper and
// prisma.config.ts need it before anything is built (`npm run build` starts by generating).

/**
 * The command side's PostgreSQL on a developer machine (`DATABASE_URL`'s default): the
 * local server, user `postgres` with trust auth, database `shopgraph` (what `npm start`
 * creates). Every reader of `DATABASE_URL` falls back to this one value.
 */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/shopgraph';
