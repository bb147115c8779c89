import { PageHeading } from '../page-heading';
import { useMutation } from 'urql';
import { graphql } from '../generated';
import { useMessages } from '../i18n/messages-context';
import { ShopForm } from './shop-form';

const CreateShopMutation = graphql(`
  mutation CreateShop($input: CreateShopInput!) {
    createShop(input: $input) {
      id
    }
  }
`);

export function CreateShopPage({ onDone }: { onDone: () => void }) {
  const t = useMessages();
  const [, createShop] = useMutation(CreateShopMutation);
  return (
    <main>
      <PageHeading>{t.createShop}</PageHeading>
      <ShopForm
        submitLabel={t.createShop}
        onSubmit={async (input) => {
          const result = await createShop({ input });
          if (result.data) onDone();
          return result;
        }}
      />
      <button type="button" className="link" onClick={onDone}>
        {t.cancel}
      </button>
    </main>
  );
}
