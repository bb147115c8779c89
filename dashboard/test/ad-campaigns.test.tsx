import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { graphqlError } from './support/fake-gateway';
import { aManagedShop, anAdCampaign, campaignsOf, me, renderDashboard, type RenderOptions } from './support/render-dashboard';

afterEach(cleanup);

async function openAds(campaigns: unknown[], handlers: RenderOptions['handlers'] = {}) {
  const rendered = renderDashboard({ token: 'tok-1', handlers: { MyShops: me([aManagedShop()]), EditShop: me([aManagedShop()]), AdCampaigns: campaignsOf(campaigns), ...handlers } });
  await rendered.user.click(await screen.findByRole('button', { name: 'Edit Kimbap Heaven' }));
  const ads = await screen.findByRole('region', { name: 'Ad campaigns' });
  return { ...rendered, ads };
}

describe('ad campaigns', () => {
  it('each campaign says in words why it is or is not shown, with its terms and today’s spend, clicks and impressions', async () => {
    const { ads } = await openAds([
      anAdCampaign({ id: 'ad-2', servingState: 'BUDGET_SPENT', spentToday: 30000, clicksToday: 100, impressionsToday: 2400 }),
      anAdCampaign({ id: 'ad-1', servingState: 'SHOP_NOT_OPEN', areas: ['seoul-gangnam', 'seoul-mapo'] }),
    ]);
    const second = await within(ads).findByRole('listitem', { name: 'Campaign 2' });
    expect(second.textContent).toContain('Campaign 2: budget spent for today');
    expect(second.textContent).toContain('₩300 a click, ₩30,000 a day, in seoul-gangnam');
    expect(second.textContent).toContain('Today: ₩30,000 spent, 100 clicks, 2400 impressions');
    expect(within(ads).getByRole('listitem', { name: 'Campaign 1' }).textContent).toContain('Campaign 1: shop not open');
  });

  it('a new campaign is sent with its areas, bid and budget, and the list is asked again', async () => {
    const { user, gateway, ads } = await openAds([], { CreateAdCampaign: { data: { createAdCampaign: { __typename: 'AdCampaign', id: 'ad-9', version: 1 } } } });
    expect(within(ads).getByText('No ad campaigns yet.')).toBeTruthy();
    const form = within(ads).getByRole('form', { name: 'Start an ad campaign' });
    await user.type(within(form).getByLabelText(/Delivery areas/), 'seoul-gangnam, seoul-mapo');
    await user.type(within(form).getByLabelText('Bid per click (KRW)'), '300');
    await user.type(within(form).getByLabelText('Daily budget (KRW)'), '30000');
    gateway.answer('AdCampaigns', campaignsOf([anAdCampaign({ id: 'ad-9', servingState: 'SERVING' })]));
    await user.click(within(form).getByRole('button', { name: 'Start an ad campaign' }));

    expect((await within(ads).findByRole('listitem', { name: 'Campaign 1' })).textContent).toContain('shown to customers now');
    expect(gateway.requests.find((r) => r.operationName === 'CreateAdCampaign')?.variables).toEqual({
      shopId: 'shop-1',
      input: { areas: ['seoul-gangnam', 'seoul-mapo'], bidPerClick: 300, dailyBudget: 30000, endsAt: null },
    });
  });

  it('a budget under the bid is shown on the budget field, focused, and nothing typed is lost', async () => {
    const { user, ads } = await openAds([], {
      CreateAdCampaign: graphqlError('BAD_USER_INPUT', 'input.dailyBudget: must be at least bidPerClick', { field: 'input.dailyBudget' }),
    });
    const form = within(ads).getByRole('form', { name: 'Start an ad campaign' });
    await user.type(within(form).getByLabelText(/Delivery areas/), 'seoul-gangnam');
    await user.type(within(form).getByLabelText('Bid per click (KRW)'), '500');
    await user.type(within(form).getByLabelText('Daily budget (KRW)'), '100');
    await user.click(within(form).getByRole('button', { name: 'Start an ad campaign' }));

    const budget = within(form).getByLabelText('Daily budget (KRW)');
    expect(await within(form).findByText('input.dailyBudget: must be at least bidPerClick')).toBeTruthy();
    expect(budget.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(budget);
    expect((within(form).getByLabelText(/Delivery areas/) as HTMLInputElement).value).toBe('seoul-gangnam');
  });

  it('a bad area code is shown on the areas field (the API names its index in the list)', async () => {
    const { user, ads } = await openAds([], {
      CreateAdCampaign: graphqlError('BAD_USER_INPUT', 'input.areas.1: must be 2 to 40 of a-z, 0-9 and -', { field: 'input.areas.1' }),
    });
    const form = within(ads).getByRole('form', { name: 'Start an ad campaign' });
    await user.type(within(form).getByLabelText(/Delivery areas/), 'seoul-gangnam, Seoul Mapo');
    await user.type(within(form).getByLabelText('Bid per click (KRW)'), '500');
    await user.type(within(form).getByLabelText('Daily budget (KRW)'), '10000');
    await user.click(within(form).getByRole('button', { name: 'Start an ad campaign' }));
    expect(await within(form).findByText('input.areas.1: must be 2 to 40 of a-z, 0-9 and -')).toBeTruthy();
    expect(within(form).getByLabelText(/Delivery areas/).getAttribute('aria-invalid')).toBe('true');
  });

  it('pausing an active campaign sends PAUSED; a paused one offers Resume', async () => {
    const { user, gateway, ads } = await openAds([anAdCampaign()], {
      SetAdCampaignStatus: { data: { setAdCampaignStatus: { __typename: 'AdCampaign', id: 'ad-1', status: 'PAUSED', servingState: 'PAUSED', version: 2 } } },
    });
    gateway.answer('AdCampaigns', campaignsOf([anAdCampaign({ status: 'PAUSED', servingState: 'PAUSED', version: 2 })]));
    await user.click(await within(ads).findByRole('button', { name: 'Pause campaign 1' }));
    expect(await within(ads).findByRole('button', { name: 'Resume campaign 1' })).toBeTruthy();
    expect(within(ads).getByRole('listitem', { name: 'Campaign 1' }).textContent).toContain('Campaign 1: paused');
    expect(gateway.requests.find((r) => r.operationName === 'SetAdCampaignStatus')?.variables).toEqual({ id: 'ad-1', status: 'PAUSED' });
  });

  it('editing a campaign starts from what was saved and sends the changes', async () => {
    const { user, gateway, ads } = await openAds([anAdCampaign()], { UpdateAdCampaign: { data: { updateAdCampaign: { __typename: 'AdCampaign', id: 'ad-1', version: 2 } } } });
    await user.click(await within(ads).findByRole('button', { name: 'Edit campaign 1' }));
    const form = within(ads).getByRole('form', { name: 'Edit campaign 1' });
    expect((within(form).getByLabelText('Bid per click (KRW)') as HTMLInputElement).value).toBe('300');
    await user.clear(within(form).getByLabelText('Bid per click (KRW)'));
    await user.type(within(form).getByLabelText('Bid per click (KRW)'), '400');
    await user.click(within(form).getByRole('button', { name: 'Save campaign' }));
    expect(await within(ads).findByRole('button', { name: 'Edit campaign 1' })).toBeTruthy();
    const sent = gateway.requests.find((r) => r.operationName === 'UpdateAdCampaign')?.variables as { input: Record<string, unknown> };
    expect(sent.input).toMatchObject({ areas: ['seoul-gangnam'], bidPerClick: 400, dailyBudget: 30000, endsAt: null });
  });
});
