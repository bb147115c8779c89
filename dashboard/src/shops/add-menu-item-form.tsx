import { useState, type FormEvent } from 'react';
import { graphql } from '../generated';
import { useMessages } from '../i18n/messages-context';
import { useShopMutation } from './use-shop-mutation';
import { TextField } from '../forms/text-field';
import { fieldError, useSubmission } from '../forms/use-submission';
import { ProblemAlert } from '../errors/problem-alert';

const AddMenuItemMutation = graphql(`
  mutation AddMenuItem($shopId: ID!, $input: MenuItemInput!) {
    addMenuItem(shopId: $shopId, input: $input) {
      id
      version
      ...MenuFields
    }
  }
`);

const FIELDS = ['name', 'description', 'price', 'soldOut', 'popular'] as const;
const EMPTY = { name: '', description: '', price: '', soldOut: false, popular: false };

/** Adds an item to a shop's menu; cleared after it is added, kept as typed after an error. */
export function AddMenuItemForm({ shopId }: { shopId: string }) {
  const t = useMessages();
  const [item, setItem] = useState(EMPTY);
  const [, addMenuItem] = useShopMutation(AddMenuItemMutation);
  const submission = useSubmission(FIELDS);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^-?\d+$/.test(item.price.trim())) return submission.show({ kind: 'field', field: 'price', message: t.wholeNumber });
    const added = await submission.submit(() =>
      addMenuItem({
        shopId,
        input: { name: item.name, description: item.description.trim() || null, price: Number(item.price), soldOut: item.soldOut, popular: item.popular },
      }),
    );
    if (added) setItem(EMPTY);
  }

  return (
    <form ref={submission.formRef} onSubmit={submit} noValidate aria-label={t.addMenuItem}>
      <h3>{t.addMenuItem}</h3>
      <TextField name="name" label={t.itemName} value={item.name} onChange={(name) => setItem({ ...item, name })} error={fieldError(submission.problem, 'name')} required />
      <TextField name="description" label={t.itemDescription} value={item.description} onChange={(description) => setItem({ ...item, description })} error={fieldError(submission.problem, 'description')} />
      <TextField name="price" label={t.price} inputMode="numeric" value={item.price} onChange={(price) => setItem({ ...item, price })} error={fieldError(submission.problem, 'price')} required />
      <label>
        <input type="checkbox" name="soldOut" checked={item.soldOut} onChange={(e) => setItem({ ...item, soldOut: e.target.checked })} />
        {t.soldOut}
      </label>
      <label>
        <input type="checkbox" name="popular" checked={item.popular} onChange={(e) => setItem({ ...item, popular: e.target.checked })} />
        {t.popular}
      </label>
      <ProblemAlert problem={submission.problem} onRetry={submission.retry} />
      <button type="submit" disabled={submission.submitting}>
        {t.addMenuItem}
      </button>
    </form>
  );
}
