/** The command side's PostgreSQL on a developer machine (`DATABASE_URL`'s default). */
export declare const DEFAULT_DATABASE_URL: string;
