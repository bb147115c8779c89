import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { waitFor } from '@shopgraph/testing/wait-for';
import { aManagedShop, aMenuItem, me, renderDashboard, type RenderOptions } from './support/render-dashboard';
import type { FakeAnswer, FakeGateway } from './support/fake-gateway';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const row = async (name: string) => (await screen.findByRole('rowheader', { name })).closest('tr')!;
const published = (sourceVersion: number) => ({ shopPublished: { __typename: 'Shop', id: 'shop-1', sourceVersion } });
const asked = (gateway: FakeGateway, operationName: string) => gateway.requests.filter((r) => r.operationName === operationName).length;

describe('the live publish state', () => {
  it('a publishing shop follows shopPublished: Published once the stream shows its version, and the stream is closed then', async () => {
    const { gateway } = renderDashboard({ token: 'tok-1', handlers: { MyShops: me([aManagedShop({ version: 2, published: { __typename: 'Shop', sourceVersion: 1 } })]) } });

    expect(within(await row('Kimbap Heaven')).getByText('Publishing…')).toBeTruthy();
    const stream = await waitFor(() => gateway.streams[0], { what: 'the stream' });
    expect([stream.operationName, stream.variables]).toEqual(['PublishedVersion', { id: 'shop-1' }]);
    // The first view is the current one: still the version before.
    stream.push(published(1));
    stream.push(published(2));
    expect(await within(await row('Kimbap Heaven')).findByText('Published')).toBeTruthy();
    await waitFor(() => stream.closed, { what: 'the stream to be closed' });
    // Live, so the list was never asked again, and no other stream was opened.
    expect(asked(gateway, 'MyShops')).toBe(1);
    expect(gateway.streams).toHaveLength(1);
  });

  it('a published shop opens no stream', async () => {
    const { gateway } = renderDashboard({ token: 'tok-1', handlers: { MyShops: me([aManagedShop({ name: 'Done', version: 3, published: { __typename: 'Shop', sourceVersion: 3 } })]) } });
    expect(within(await row('Done')).getByText('Published')).toBeTruthy();
    expect(gateway.streams).toHaveLength(0);
  });

  it.each(['unavailable', 'network-down'] as const)('when the stream is %s, the list asks again until the version is published, then stops', async (mode) => {
    // Fake timers that also follow real time: the page's own refetch runs, and the end can jump ahead.
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let answers = 0;
    const { gateway } = renderDashboard({
      token: 'tok-1',
      handlers: {
        MyShops: () => {
          answers += 1;
          return me([aManagedShop({ version: 2, published: { __typename: 'Shop', sourceVersion: answers < 3 ? 1 : 2 } })]);
        },
      },
    });
    gateway.streamMode(mode);

    expect(await within(await row('Kimbap Heaven')).findByText('Published')).toBeTruthy();
    expect(asked(gateway, 'MyShops')).toBe(3);
    // In steps, so a refetch a timer starts reaches the fetch before the count is taken.
    for (let step = 0; step < 10; step += 1) await vi.advanceTimersByTimeAsync(1000);
    expect(asked(gateway, 'MyShops')).toBe(3);
  });

  it('a change saved in the editor shows Publishing… on the page, then Published when the stream shows it', async () => {
    const before = aManagedShop({ version: 1 });
    const after = aManagedShop({ version: 2, menu: [aMenuItem({ name: 'Cheese kimbap', price: 5000 })] });
    const { user, gateway } = renderDashboard({ token: 'tok-1', handlers: { MyShops: me([before]), EditShop: me([before]), AddMenuItem: { data: { addMenuItem: after } } } });
    await user.click(await screen.findByRole('button', { name: 'Edit Kimbap Heaven' }));
    expect(await screen.findByText('Published')).toBeTruthy();
    expect(gateway.streams).toHaveLength(0);

    const form = screen.getByRole('form', { name: 'Add a menu item' });
    await user.type(within(form).getByLabelText('Item name'), 'Cheese kimbap');
    await user.type(within(form).getByLabelText('Price (KRW)'), '5000');
    gateway.answer('EditShop', me([after]));
    await user.click(within(form).getByRole('button', { name: 'Add a menu item' }));

    expect(await screen.findByText('Publishing…')).toBeTruthy();
    expect(screen.getByText('Publishing…').parentElement!.textContent).toBe('Version 2 · Publishing…');
    const stream = await waitFor(() => gateway.streams[0], { what: 'the stream' });
    stream.push(published(2));
    expect(await screen.findByText('Published')).toBeTruthy();
    await waitFor(() => stream.closed, { what: 'the stream to be closed' });
  });
});

/** An answer the test gives when it chooses: `promise` is what the fake gateway's handler returns. */
function later() {
  let give!: (answer: FakeAnswer) => void;
  const promise = new Promise<FakeAnswer>((resolve) => (give = resolve));
  return { promise, give };
}

const stateLine = () => screen.getByText(/^(Published|Publishing…)$/).parentElement!.textContent;

describe("the editor's saves", () => {
  const tuna = aMenuItem();
  const soldOut = aMenuItem({ soldOut: true });
  const before = aManagedShop({ version: 1, menu: [tuna] });
  // What the mutation answers: the shop's new version (the read model has not built it yet).
  const answered = { data: { updateMenuItem: aManagedShop({ version: 2, menu: [soldOut] }) } };

  async function openEditor(handlers: RenderOptions['handlers']) {
    const rendered = renderDashboard({ token: 'tok-1', handlers: { MyShops: me([before]), EditShop: me([before]), ...handlers } });
    await rendered.user.click(await screen.findByRole('button', { name: 'Edit Kimbap Heaven' }));
    await waitFor(() => stateLine() === 'Version 1 · Published', { what: 'the editor, published' });
    expect(rendered.gateway.streams).toHaveLength(0);
    return rendered;
  }

  it('opens the stream when a change is sent: a view pushed before the answer is remembered, and the answer makes it Published', async () => {
    const answer = later();
    const { user, gateway } = await openEditor({ UpdateMenuItem: () => answer.promise });
    // urql's document cache asks the query again after the answer: it still shows the version before as the read model's.
    gateway.answer('EditShop', me([aManagedShop({ version: 2, menu: [soldOut], published: { __typename: 'Shop', sourceVersion: 1 } })]));
    await user.click(screen.getByRole('button', { name: 'Mark Tuna kimbap sold out' }));

    const stream = await waitFor(() => gateway.streams[0], { what: 'the stream, opened while the change is on its way' });
    expect([stream.operationName, stream.variables]).toEqual(['PublishedVersion', { id: 'shop-1' }]);
    stream.push(published(1));
    stream.push(published(2));
    // Nothing names version 2 until the answer: the page cannot call it published, and keeps listening.
    await waitFor(() => gateway.requests.some((r) => r.operationName === 'UpdateMenuItem'), { what: 'the change sent' });
    expect(stateLine()).toBe('Version 1 · Published');
    expect(stream.closed).toBe(false);

    answer.give(answered);
    await waitFor(() => stateLine() === 'Version 2 · Published', { what: 'version 2 Published from the pushed view' });
    await waitFor(() => stream.closed, { what: 'the stream to be closed' });
    expect(gateway.streams).toHaveLength(1);
  });

  it('takes the version to wait for from the answer, without waiting for the query to be asked again', async () => {
    const { user, gateway } = await openEditor({ UpdateMenuItem: answered });
    // The query asked again after the answer does not answer during this test.
    const refetch = later();
    gateway.answer('EditShop', () => refetch.promise);
    await user.click(screen.getByRole('button', { name: 'Mark Tuna kimbap sold out' }));

    await waitFor(() => stateLine() === 'Version 2 · Publishing…', { what: 'version 2 publishing, from the answer' });
    const stream = await waitFor(() => gateway.streams[0], { what: 'the stream' });
    stream.push(published(1));
    expect(stateLine()).toBe('Version 2 · Publishing…');
    stream.push(published(2));
    await waitFor(() => stateLine() === 'Version 2 · Published', { what: 'version 2 Published' });
    await waitFor(() => stream.closed, { what: 'the stream to be closed' });
    refetch.give(me([aManagedShop({ version: 2, menu: [soldOut], published: { __typename: 'Shop', sourceVersion: 2 } })]));
  });

  it.each(['unavailable', 'network-down'] as const)('when the stream is %s, the editor asks again until the answered version is published, then stops', async (mode) => {
    const { user, gateway } = await openEditor({ UpdateMenuItem: answered });
    gateway.streamMode(mode);
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let refetches = 0;
    gateway.answer('EditShop', () => {
      refetches += 1;
      return me([aManagedShop({ version: 2, menu: [soldOut], published: { __typename: 'Shop', sourceVersion: refetches < 3 ? 1 : 2 } })]);
    });
    await user.click(screen.getByRole('button', { name: 'Mark Tuna kimbap sold out' }));

    await waitFor(() => stateLine() === 'Version 2 · Published', { what: 'version 2 Published by asking again' });
    expect(refetches).toBe(3);
    for (let step = 0; step < 10; step += 1) await vi.advanceTimersByTimeAsync(1000);
    expect(refetches).toBe(3);
    expect(gateway.streams).toHaveLength(0);
  });
});
