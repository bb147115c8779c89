import { PageHeading } from '../page-heading';
import { useCallback } from 'react';
import { useMutation, useQuery } from 'urql';
// The client preset's useFragment is a plain function (no React state): a value may be read with it anywhere.
import { graphql, useFragment as fragmentData } from '../generated';
import { useMessages } from '../i18n/messages-context';
import { problemFrom } from '../errors/problem';
import { ProblemAlert } from '../errors/problem-alert';
import { ShopForm } from './shop-form';
import { MenuSection } from './menu-section';
import { PromotionsSection } from './promotions-section';
import { AdCampaignsSection } from '../ads/ad-campaigns-section';
import { PublishState, PublishStateFields, isPublished } from './publish-state';
import { useRefetchWhileStreamLost } from './use-refetch-while-stream-lost';
import { ShopSavesContext, useShopSaves } from './use-shop-saves';
import { useLastData } from './use-last-data';

// The API reads a managed shop only through its owner (`me.shops`): there is no query by id.
const EditShopQuery = graphql(`
  query EditShop {
    me {
      id
      shops {
        id
        name
        version
        ...PublishStateFields
        ...ShopFormFields
        ...MenuFields
        ...PromotionFields
      }
    }
  }
`);

const UpdateShopMutation = graphql(`
  mutation UpdateShop($id: ID!, $input: UpdateShopInput!) {
    updateShop(id: $id, input: $input) {
      id
      version
      ...ShopFormFields
    }
  }
`);

export interface EditShopPageProps {
  shopId: string;
  onDone: () => void;
  /** How soon to ask again while the shop is publishing and its live stream is lost. @default 1000 */
  refetchPublishingAfterMs?: number;
}

/** One shop's editor: its fields, menu and promotions, and whether the last change is published yet. */
export function EditShopPage({ shopId, onDone, refetchPublishingAfterMs = 1000 }: EditShopPageProps) {
  const t = useMessages();
  const [{ data: answer, error }, reexecute] = useQuery({ query: EditShopQuery });
  const data = useLastData(answer);
  const [, updateShop] = useMutation(UpdateShopMutation);
  const shop = data?.me?.shops.find((candidate) => candidate.id === shopId);
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  // The menu's and promotions' changes answer the shop's new version: it is shown, and waited
  // for, at once, while urql's document cache asks the query again for the rest.
  const { saves, saving, answeredVersion } = useShopSaves(shopId);
  const version = Math.max(shop?.version ?? 0, answeredVersion);
  const publishing = shop ? !isPublished({ version, published: fragmentData(PublishStateFields, shop).published }) : false;
  const onStreamLost = useRefetchWhileStreamLost(publishing, refetch, refetchPublishingAfterMs, answer);
  return (
    <main>
      <PageHeading>{shop ? t.edit(shop.name) : t.editShop}</PageHeading>
      {shop && (
        <p>
          {t.version} {version} · <PublishState shop={shop} version={version} listen={saving} onStreamLost={onStreamLost} />
        </p>
      )}
      {error && <ProblemAlert problem={problemFrom(error)} onRetry={refetch} />}
      {!data && !error && <p role="status">{t.loading}</p>}
      {data?.me && !shop && <p role="status">{t.shopNotFound}</p>}
      {shop && (
        <ShopForm
          shop={shop}
          submitLabel={t.save}
          onSubmit={async (input) => {
            const result = await updateShop({ id: shopId, input });
            if (result.data) onDone();
            return result;
          }}
        />
      )}
      <ShopSavesContext.Provider value={saves}>
        {shop && <MenuSection shopId={shopId} shop={shop} />}
        {shop && <PromotionsSection shopId={shopId} shop={shop} />}
      </ShopSavesContext.Provider>
      {shop && <AdCampaignsSection shopId={shopId} />}
      <button type="button" className="link" onClick={onDone}>
        {t.cancel}
      </button>
    </main>
  );
}
