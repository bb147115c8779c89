import { useState } from 'react';
import type { CombinedError } from '@urql/core';
import { graphql, useFragment, type FragmentType } from '../generated';
import { useMessages } from '../i18n/messages-context';
import { useShopMutation } from './use-shop-mutation';
import { problemFrom, type Problem } from '../errors/problem';
import { ProblemAlert } from '../errors/problem-alert';
import { AddMenuItemForm } from './add-menu-item-form';
import { EditMenuItemForm } from './edit-menu-item-form';

export const MenuFields = graphql(`
  fragment MenuFields on ManagedShop {
    menu {
      id
      name
      description
      price
      soldOut
      popular
    }
  }
`);

const UpdateMenuItemMutation = graphql(`
  mutation UpdateMenuItem($id: ID!, $input: UpdateMenuItemInput!) {
    updateMenuItem(id: $id, input: $input) {
      id
      version
      ...MenuFields
    }
  }
`);

const RemoveMenuItemMutation = graphql(`
  mutation RemoveMenuItem($id: ID!) {
    removeMenuItem(id: $id) {
      id
      version
      ...MenuFields
    }
  }
`);

/** A shop's menu: each item with its price and flags, toggles and removal, and the form to add one. */
export function MenuSection({ shopId, shop: shopRef }: { shopId: string; shop: FragmentType<typeof MenuFields> }) {
  const t = useMessages();
  const { menu } = useFragment(MenuFields, shopRef);
  const [, updateMenuItem] = useShopMutation(UpdateMenuItemMutation);
  const [, removeMenuItem] = useShopMutation(RemoveMenuItemMutation);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const settle = ({ error }: { error?: CombinedError | undefined }) => setProblem(error ? problemFrom(error) : null);

  return (
    <section aria-labelledby="menu-heading">
      <h2 id="menu-heading">{t.menu}</h2>
      <ProblemAlert problem={problem} />
      {menu.length === 0 && <p>{t.noMenu}</p>}
      <ul>
        {menu.map((item) => (
          <li key={item.id}>
            {editing === item.id ? (
              <EditMenuItemForm item={item} onDone={() => setEditing(null)} />
            ) : (
              <>
                <strong>{item.name}</strong> {t.won(item.price)}
                {item.soldOut && ` · ${t.soldOut}`}
                {item.popular && ` · ${t.popular}`}{' '}
                <button type="button" onClick={async () => settle(await updateMenuItem({ id: item.id, input: { soldOut: !item.soldOut } }))}>
                  {item.soldOut ? t.backInStock(item.name) : t.markSoldOut(item.name)}
                </button>
                <button type="button" onClick={async () => settle(await updateMenuItem({ id: item.id, input: { popular: !item.popular } }))}>
                  {item.popular ? t.notPopular(item.name) : t.markPopular(item.name)}
                </button>
                <button type="button" onClick={async () => settle(await removeMenuItem({ id: item.id }))}>
                  {t.removeItem(item.name)}
                </button>
                <button type="button" onClick={() => setEditing(item.id)}>
                  {t.editItem(item.name)}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <AddMenuItemForm shopId={shopId} />
    </section>
  );
}
