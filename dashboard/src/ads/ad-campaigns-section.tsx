import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../generated';
import { useMessages } from '../i18n/messages-context';
import { problemFrom, type Problem } from '../errors/problem';
import { ProblemAlert } from '../errors/problem-alert';
import { AdCampaignForm } from './ad-campaign-form';

// A query of its own: if the ads system is down, only this section says so, not the editor.
const AdCampaignsQuery = graphql(`
  query AdCampaigns {
    me {
      id
      shops {
        id
        adCampaigns {
          id
          areas
          bidPerClick
          dailyBudget
          startsAt
          endsAt
          status
          servingState
          spentToday
          clicksToday
          impressionsToday
          version
        }
      }
    }
  }
`);

const CreateAdCampaignMutation = graphql(`
  mutation CreateAdCampaign($shopId: ID!, $input: AdCampaignInput!) {
    createAdCampaign(shopId: $shopId, input: $input) {
      id
      version
    }
  }
`);

const UpdateAdCampaignMutation = graphql(`
  mutation UpdateAdCampaign($id: ID!, $input: UpdateAdCampaignInput!) {
    updateAdCampaign(id: $id, input: $input) {
      id
      version
    }
  }
`);

const SetAdCampaignStatusMutation = graphql(`
  mutation SetAdCampaignStatus($id: ID!, $status: AdCampaignStatus!) {
    setAdCampaignStatus(id: $id, status: $status) {
      id
      status
      servingState
      version
    }
  }
`);

/** A shop's ad campaigns: each with why it is or is not shown, and today's spend, clicks and impressions; start, edit, pause and resume. */
export function AdCampaignsSection({ shopId }: { shopId: string }) {
  const t = useMessages();
  // A shop with no campaign yet has no AdCampaign in its answer: named, so a created one refetches it.
  const context = useMemo(() => ({ additionalTypenames: ['AdCampaign'] }), []);
  const [{ data, error }, reexecute] = useQuery({ query: AdCampaignsQuery, context });
  const [, createAdCampaign] = useMutation(CreateAdCampaignMutation);
  const [, updateAdCampaign] = useMutation(UpdateAdCampaignMutation);
  const [, setStatus] = useMutation(SetAdCampaignStatusMutation);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const campaigns = data?.me?.shops.find((shop) => shop.id === shopId)?.adCampaigns ?? [];
  // Newest first: number them oldest first, so a campaign keeps its number as others are added.
  const number = (index: number) => campaigns.length - index;

  return (
    <section aria-labelledby="ads-heading">
      <h2 id="ads-heading">{t.adCampaigns}</h2>
      {error && <ProblemAlert problem={problemFrom(error)} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />}
      <ProblemAlert problem={problem} />
      {data && campaigns.length === 0 && <p>{t.noAdCampaigns}</p>}
      <ul>
        {campaigns.map((campaign, index) => (
          <li key={campaign.id} aria-label={t.adCampaign(number(index))}>
            {editing === campaign.id ? (
              <AdCampaignForm
                campaign={campaign}
                label={t.editAdCampaign(number(index))}
                submitLabel={t.saveAdCampaign}
                onSubmit={({ startsAt, ...input }) => updateAdCampaign({ id: campaign.id, input: { ...input, ...(startsAt ? { startsAt } : {}) } })}
                onSaved={() => setEditing(null)}
              />
            ) : (
              <>
                <strong>{t.adCampaign(number(index))}</strong>: {t.servingStates[campaign.servingState]}
                <br />
                {t.adTerms(t.won(campaign.bidPerClick), t.won(campaign.dailyBudget), campaign.areas.join(', '))}
                <br />
                {t.adToday(t.won(campaign.spentToday), campaign.clicksToday, campaign.impressionsToday)}{' '}
                <button
                  type="button"
                  onClick={async () => {
                    const { error: refused } = await setStatus({ id: campaign.id, status: campaign.status === 'ACTIVE' ? 'PAUSED' : 'ACTIVE' });
                    setProblem(refused ? problemFrom(refused) : null);
                  }}
                >
                  {campaign.status === 'ACTIVE' ? t.pauseAdCampaign(number(index)) : t.resumeAdCampaign(number(index))}
                </button>
                <button type="button" onClick={() => setEditing(campaign.id)}>
                  {t.editAdCampaign(number(index))}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <AdCampaignForm
        label={t.newAdCampaign}
        submitLabel={t.newAdCampaign}
        onSubmit={({ startsAt, ...input }) => createAdCampaign({ shopId, input: { ...input, ...(startsAt ? { startsAt } : {}) } })}
      />
    </section>
  );
}
