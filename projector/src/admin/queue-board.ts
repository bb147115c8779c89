import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express } from 'express';
import type { AdminAuth } from './admin-auth.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * bull-board at /admin/queues, for operators only: every consumer's queue, its jobs by
 * state, and retry or removal of failed ones (the dead letters).
 */
export function mountQueueBoard(app: Express, queues: readonly Queue[], auth: AdminAuth): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: adapter });
  app.use(QUEUE_BOARD_PATH, auth.requireAdmin, adapter.getRouter());
}
