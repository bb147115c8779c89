import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { gatewayClient } from '../support/client.js';
import { launchChromium, screenshot, seriousViolations } from '../support/browser.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * The owner dashboard in headless Chromium against the real stack, the gateway serving its
 * build at /dashboard/: what an owner does, found by role and label as they would, every page
 * checked by axe-core and photographed (test-results/screenshots/).
 */
let stack: Stack;
let browser: Browser;
let page: Page;
let base: string;
/** What the browser reported: Content-Security-Policy refusals, uncaught errors. */
const complaints: string[] = [];
/** Every origin the pages asked anything of: the gateway's only (no CDN: it works offline). */
const origins = new Set<string>();
let shopId: string;
const email = `owner-${randomBytes(4).toString('hex')}@example.com`;
const SHOP = 'Kimbap Heaven';

/** Photographs the page and holds it to axe-core: no serious or critical violation. */
async function checkPage(name: string, exclude: string[] = []): Promise<void> {
  await screenshot(page, name);
  expect(await seriousViolations(page, exclude), `axe on ${name}`).toEqual([]);
}

const heading = (name: string) => page.getByRole('heading', { level: 1, name });

beforeAll(async () => {
  browser = await launchChromium();
  // Without load shedding (as the gateway's throttle tests since c8d35d6): these tests are about
  // the pages, and beside other suites on 2 cores the shedder refused the editor's query 503
  // (a load average of 30), leaving the page its error instead of the menu it was to show.
  stack = await startStack({ label: 'e2e-dashboard', env: { GATEWAY_SHED_EVENT_LOOP_DELAY_MS: '0' } });
  base = stack.url('gateway');
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1000, height: 800 } });
  page = await context.newPage();
  // Generous on a loaded 2-core machine; every wait is for a condition, bounded by this.
  page.setDefaultTimeout(20_000);
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) complaints.push(message.text());
  });
  page.on('pageerror', (error) => complaints.push(String(error)));
  page.on('request', (request) => {
    if (/^https?:/.test(request.url())) origins.add(new URL(request.url()).origin);
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('the owner dashboard in a browser', () => {
  it('opens at /dashboard/ on the log-in page, under its Content-Security-Policy', async () => {
    const response = await page.goto(`${base}/dashboard/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await heading('Log in').waitFor();
    await checkPage('log-in');
  });

  it('signs up, and lands on the empty list of shops', async () => {
    await page.getByRole('button', { name: 'New here? Sign up' }).click();
    await heading('Sign up').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByLabel('Name', { exact: true }).fill('Kim Minji');
    await checkPage('sign-up');
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await heading('My shops').waitFor();
    await page.getByText('You have no shops yet.').waitFor();
  });

  it('creates a shop, which turns Published once the read model has it', async () => {
    await page.getByRole('button', { name: 'Create a shop' }).click();
    await heading('Create a shop').waitFor();
    await page.getByLabel('Shop name').fill(SHOP);
    await page.getByLabel('Category').selectOption({ label: 'Bunsik' });
    await page.getByLabel('Phone').fill('02-123-4567');
    await page.getByLabel('Address').fill('Seoul, Gangnam-gu 1');
    await checkPage('create-shop');
    await page.getByRole('button', { name: 'Create a shop' }).click();
    await heading('My shops').waitFor();
    const row = page.getByRole('row', { name: new RegExp(SHOP) });
    await row.getByText('Published').waitFor();
    await checkPage('my-shops');
  });

  it('adds a menu item in the editor, whose page then shows the new version Published', async () => {
    await page.getByRole('button', { name: `Edit ${SHOP}` }).click();
    await heading(`Edit ${SHOP}`).waitFor();
    const form = page.getByRole('form', { name: 'Add a menu item' });
    await form.getByLabel('Item name').fill('Tuna kimbap');
    await form.getByLabel('Price (KRW)').fill('4500');
    await form.getByRole('button', { name: 'Add a menu item' }).click();
    const menu = page.getByRole('region', { name: 'Menu' });
    await menu.getByRole('listitem').filter({ hasText: 'Tuna kimbap' }).waitFor();
    await page.getByText('Version 2 · Published').waitFor();
    await checkPage('edit-shop');
  });

  it('a negative price shows its error on the price field, focused, and the item stays typed', async () => {
    const form = page.getByRole('form', { name: 'Add a menu item' });
    await form.getByLabel('Item name').fill('Cheese kimbap');
    await form.getByLabel('Price (KRW)').fill('-100');
    await form.getByRole('button', { name: 'Add a menu item' }).click();
    const price = form.getByLabel('Price (KRW)');
    await expect.poll(() => price.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await price.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toMatch(/price/i);
    expect(await price.evaluate((element) => element === document.activeElement)).toBe(true);
    expect([await form.getByLabel('Item name').inputValue(), await price.inputValue()]).toEqual(['Cheese kimbap', '-100']);
    await checkPage('field-error');
  });

  it('starts an ad campaign in the editor, which says in words why it is not shown, pauses and resumes it', async () => {
    const ads = page.getByRole('region', { name: 'Ad campaigns' });
    await ads.getByText('No ad campaigns yet.').waitFor();
    const form = ads.getByRole('form', { name: 'Start an ad campaign' });
    await form.getByLabel('Delivery areas (comma-separated, e.g. seoul-gangnam)').fill('seoul-gangnam');
    await form.getByLabel('Bid per click (KRW)').fill('300');
    await form.getByLabel('Daily budget (KRW)').fill('30000');
    await form.getByRole('button', { name: 'Start an ad campaign' }).click();
    // A new shop is closed: its campaign is active, but not shown until the shop opens.
    const campaign = ads.getByRole('listitem', { name: 'Campaign 1' });
    await campaign.waitFor();
    const text = await campaign.textContent();
    expect(text).toContain('Campaign 1: shop not open');
    expect(text).toContain('₩300 a click, ₩30,000 a day, in seoul-gangnam');
    expect(text).toContain('Today: ₩0 spent, 0 clicks, 0 impressions');
    expect(await form.getByLabel('Bid per click (KRW)').inputValue()).toBe('');
    await checkPage('ad-campaigns');

    await campaign.getByRole('button', { name: 'Pause campaign 1' }).click();
    await campaign.getByRole('button', { name: 'Resume campaign 1' }).waitFor();
    // Paused now, but the first reason it is not shown is still the closed shop (the API's order).
    expect(await campaign.textContent()).toContain('Campaign 1: shop not open');
    await campaign.getByRole('button', { name: 'Resume campaign 1' }).click();
    await campaign.getByRole('button', { name: 'Pause campaign 1' }).waitFor();
  });

  it('the customer preview shows the item, and updates live', async () => {
    await page.getByRole('button', { name: 'Back to my shops' }).click();
    await page.getByRole('button', { name: `Preview ${SHOP}` }).click();
    await heading(`${SHOP} as customers see it`).waitFor();
    const menu = page.getByRole('article', { name: SHOP }).getByRole('region', { name: 'Menu' });
    await menu.getByText('Tuna kimbap ₩4,500').waitFor();
    await checkPage('preview');

    // A change made elsewhere (the API, as another device would) reaches the open page by itself.
    const api = gatewayClient(stack.gatewayUrl);
    const { logIn } = await api.data(`mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }`, { e: email, p: 'correct horse battery' });
    const { me } = await api.data(`{ me { shops { id menu { id } } } }`, {}, logIn.token);
    shopId = me.shops[0].id;
    await api.data(`mutation($id: ID!) { updateMenuItem(id: $id, input: { soldOut: true }) { id } }`, { id: me.shops[0].menu[0].id }, logIn.token);
    await menu.getByText('Tuna kimbap ₩4,500 · Sold out').waitFor();
  });

  it('logs out, back to the log-in page', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await heading('Log in').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('the schema explorer at /dashboard/explorer (GraphiQL, bundled) runs a query, and a subscription over /graphql/stream', async () => {
    const response = await page.goto(`${base}/dashboard/explorer`);
    expect(response?.headers()['content-security-policy']).toMatch(/worker-src 'self'/);
    const run = page.getByRole('button', { name: /Execute query/i });
    await run.waitFor({ timeout: 40_000 });
    const result = page.locator('.result-window');
    // The query it opens with (a search, through /graphql), once its editor holds it.
    await page.locator('.graphiql-query-editor').getByText('searchShops').first().waitFor({ timeout: 40_000 });
    await run.click();
    await result.getByText('"searchShops"').waitFor();
    // GraphiQL's tab bar puts a close button inside each tab (role=tab): axe's nested-interactive,
    // GraphiQL's own markup, left out here (docs/dashboard.md says so).
    await checkPage('explorer', ['.graphiql-tabs']);

    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(`subscription { shopPublished(id: "${shopId}") { name sourceVersion } }`);
    const stream = page.waitForRequest((request) => request.url() === `${base}/graphql/stream` && request.method() === 'POST');
    await run.click();
    await stream;
    await result.getByText(`"name": "${SHOP}"`).waitFor();
  });

  it('every page asked the gateway alone: nothing from a CDN', () => {
    expect([...origins]).toEqual([base]);
  });

  it('the browser reported no Content-Security-Policy refusal and no uncaught error', () => {
    expect(complaints).toEqual([]);
  });
});
