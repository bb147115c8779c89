import { migrateTemplateDatabase } from './test-database.js';

/** vitest globalSetup: migrate the template database once per run. */
export default function setup(): void {
  migrateTemplateDatabase();
}
