import { PageHeading } from '../page-heading';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../generated';
import { useMessages } from '../i18n/messages-context';
import { problemFrom } from '../errors/problem';
import { ProblemAlert } from '../errors/problem-alert';
import { ShopForm } from './shop-form';
import { MenuSection } from './menu-section';
import { PromotionsSection } from './promotions-section';

// The API reads a managed shop only through its owner (`me.shops`): there is no query by id.
const EditShopQuery = graphql(`
  query EditShop {
    me {
      id
      shops {
        id
        name
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

export function EditShopPage({ shopId, onDone }: { shopId: string; onDone: () => void }) {
  const t = useMessages();
  const [{ data, error }, reexecute] = useQuery({ query: EditShopQuery });
  const [, updateShop] = useMutation(UpdateShopMutation);
  const shop = data?.me?.shops.find((candidate) => candidate.id === shopId);
  return (
    <main>
      <PageHeading>{shop ? t.edit(shop.name) : t.editShop}</PageHeading>
      {error && <ProblemAlert problem={problemFrom(error)} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />}
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
      {shop && <MenuSection shopId={shopId} shop={shop} />}
      {shop && <PromotionsSection shopId={shopId} shop={shop} />}
      <button type="button" className="link" onClick={onDone}>
        {t.cancel}
      </button>
    </main>
  );
}
