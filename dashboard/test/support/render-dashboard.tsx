import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/app';
import { createTokenStore } from '../../src/session/token-store';
import { messagesFor } from '../../src/i18n/messages';
import { fakeGateway, type FakeAnswer, type FakeHandler } from './fake-gateway';

export interface RenderOptions {
  handlers?: Record<string, FakeHandler | FakeAnswer>;
  /** A token already in sessionStorage, as after a reload. */
  token?: string;
  /** `navigator.languages`. @default ['en-US'] */
  languages?: string[];
}

/** The whole dashboard against a fake gateway, with a user who types and clicks. */
export function renderDashboard(options: RenderOptions = {}) {
  sessionStorage.clear();
  if (options.token) sessionStorage.setItem('shopgraph.dashboard.token', options.token);
  // The editor's ad campaigns section asks for them on every edit page: none, unless a test says.
  const gateway = fakeGateway({ AdCampaigns: { data: { me: { __typename: 'Owner', id: 'owner-1', shops: [] } } }, ...options.handlers });
  const user = userEvent.setup();
  const view = render(
    <App
      tokens={createTokenStore(sessionStorage)}
      messages={messagesFor(options.languages ?? ['en-US'])}
      fetch={gateway.fetch}
      url="http://gateway.test/graphql"
      refetchPublishingAfterMs={5}
      // A stream that cannot be opened fails at once: the fallback is tested without waiting for retries.
      streamRetries={0}
    />,
  );
  return { ...view, gateway, user };
}

/** Builders for the data the fake gateway answers with. */
export function aManagedShop(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'ManagedShop',
    id: 'shop-1',
    name: 'Kimbap Heaven',
    status: 'OPEN',
    version: 1,
    published: { __typename: 'Shop', sourceVersion: 1 },
    category: 'BUNSIK',
    description: null,
    phone: '02-123-4567',
    address: 'Seoul',
    minOrderAmount: 12000,
    deliveryTip: 3000,
    notice: null,
    openingHours: [],
    menu: [],
    promotions: [],
    ...overrides,
  };
}

export const hours = (day: string, opens: string, closes: string) => ({ __typename: 'OpeningHours', day, opens, closes });

export function aMenuItem(overrides: Record<string, unknown> = {}) {
  return { __typename: 'MenuItem', id: 'item-1', name: 'Tuna kimbap', description: null, price: 4500, soldOut: false, popular: false, ...overrides };
}

export function anAdCampaign(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'AdCampaign', id: 'ad-1', areas: ['seoul-gangnam'], bidPerClick: 300, dailyBudget: 30000, startsAt: '2020-01-01T00:00:00.000Z', endsAt: null,
    status: 'ACTIVE', servingState: 'SERVING', spentToday: 1200, clicksToday: 4, impressionsToday: 120, version: 1, ...overrides,
  };
}

/** me.shops[].adCampaigns, as the AdCampaigns query gets them. */
export const campaignsOf = (campaigns: unknown[], shopId = 'shop-1') => ({
  data: { me: { __typename: 'Owner', id: 'owner-1', shops: [{ __typename: 'ManagedShop', id: shopId, adCampaigns: campaigns }] } },
});

export function aPromotion(overrides: Record<string, unknown> = {}) {
  return { __typename: 'Promotion', id: 'promo-1', title: 'Free delivery', description: null, startsAt: '2020-01-01T00:00:00.000Z', endsAt: '2099-01-01T00:00:00.000Z', ...overrides };
}

export function me(shops: unknown[] = [aManagedShop()]) {
  return { data: { me: { __typename: 'Owner', id: 'owner-1', shops } } };
}
