import type pg from 'pg';

/** The PostgreSQL settings a run's figures depend on, read with SHOW from the server the stack uses. */
const SETTINGS = ['server_version', 'autovacuum', 'shared_buffers', 'synchronous_commit', 'fsync', 'max_connections', 'work_mem', 'wal_level'] as const;

export async function postgresSettings(db: pg.Client): Promise<Record<(typeof SETTINGS)[number] | 'database', string>> {
  const settings: Record<string, string> = { database: (await db.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db };
  for (const name of SETTINGS) settings[name] = Object.values((await db.query(`SHOW ${name}`)).rows[0] as Record<string, string>)[0]!;
  return settings as Record<(typeof SETTINGS)[number] | 'database', string>;
}
