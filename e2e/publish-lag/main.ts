/**
 * `npm run bench:dashboard`: how soon a change saved in the dashboard's editor shows
 * "Published" on the page, against the read model's own lag (issue 21's target: within the
 * read model's lag + 100 ms). Starts the e2e stack on spare ports (no `npm start` needed)
 * and headless Chromium; toggles a menu item's "sold out" in the editor `--changes` times.
 *
 * For each change, from the click that saves it:
 * - read model: until the read model announces the shop's new document (its Lua write's
 *   PUBLISH on the change channel, heard here);
 * - page: until the page shows "Version N · Published" (a MutationObserver in the page);
 * - overhead: page − read model, the part the target bounds (≤ 100 ms).
 * Clocks: the page's Date.now() and this process's, one machine.
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { shopChangedChannel } from '@shopgraph/events/read-model-changes';
import { waitFor } from '@shopgraph/testing/wait-for';
import { gatewayClient } from '../support/client.js';
import { launchChromium } from '../support/browser.js';
import { startStack } from '../support/stack.js';

const { values } = parseArgs({ options: { changes: { type: 'string', default: '30' } } });
const changes = Number(values.changes);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const summary = (name: string, figures: number[]) => {
  const sorted = [...figures].sort((a, b) => a - b);
  return `${name.padEnd(28)} p50 ${percentile(sorted, 50)} ms   p90 ${percentile(sorted, 90)} ms   max ${sorted.at(-1)} ms`;
};

// Without load shedding: on a loaded machine the shedder refused the page's queries 503 (the
// run stopped at the list of shops), and what is measured here is the page, not the shedder.
const stack = await startStack({ label: 'bench-publish-lag', env: { GATEWAY_SHED_EVENT_LOOP_DELAY_MS: '0' } });
const browser = await launchChromium();
const redis = new Redis(stack.env.READ_MODEL_REDIS_URL!);
try {
  const api = gatewayClient(stack.gatewayUrl);
  const { token } = await api.signUp('Bench owner');
  const { id } = await api.createShop(token, { name: 'Lag Kimbap' });
  await api.data(`mutation($id: ID!) { addMenuItem(shopId: $id, input: { name: "Tuna kimbap", price: 4500 }) { id } }`, { id }, token);

  // When the read model announced each change of this shop.
  const announced: number[] = [];
  await redis.subscribe(shopChangedChannel(stack.prefix));
  redis.on('message', (_channel: string, message: string) => {
    if (message.includes(id)) announced.push(Date.now());
  });

  const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
  page.setDefaultTimeout(30_000);
  await page.addInitScript((t) => sessionStorage.setItem('shopgraph.dashboard.token', t), token);
  await page.goto(`${stack.url('gateway')}/dashboard/`);
  await page.getByRole('button', { name: 'Edit Lag Kimbap' }).click();
  await page.getByText(/Version 2 · Published/).waitFor();
  // The first time the page showed each version as published.
  await page.evaluate(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { publishedAt: Record<string, number> }).publishedAt = seen;
    new MutationObserver(() => {
      const match = /Version (\d+) · Published/.exec(document.body.textContent ?? '');
      if (match && !(match[1]! in seen)) seen[match[1]!] = Date.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });

  const readModel: number[] = [];
  const shown: number[] = [];
  for (let version = 3; version < 3 + changes; version += 1) {
    const before = announced.length;
    const toggle = page.getByRole('button', { name: /^(Mark Tuna kimbap sold out|Tuna kimbap back in stock)$/ });
    const clicked = await page.evaluate(() => Date.now());
    await toggle.click();
    const at = await waitFor(() => page.evaluate((v) => (window as unknown as { publishedAt: Record<string, number> }).publishedAt[v], String(version)), {
      what: `version ${version} shown Published`,
      timeoutMs: 30_000,
    });
    await waitFor(() => announced.length > before, { what: 'the read model to announce it' });
    readModel.push(announced[before]! - clicked);
    shown.push(at - clicked);
  }
  const overhead = shown.map((s, i) => s - readModel[i]!);
  console.log(`\n${changes} changes saved in the editor (toggle sold out), from the click:`);
  console.log(summary('read model announced', readModel));
  console.log(summary('page shows Published', shown));
  console.log(summary('overhead (page − read model)', overhead));
  const p90 = percentile([...overhead].sort((a, b) => a - b), 90);
  console.log(`target (overhead ≤ 100 ms): ${p90 <= 100 ? 'met' : 'not met'} at p90 (${p90} ms)`);
} finally {
  redis.disconnect();
  await browser.close();
  await stack.close();
}
