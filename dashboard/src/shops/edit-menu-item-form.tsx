import { useState, type FormEvent } from 'react';
import { graphql } from '../generated';
import { useMessages } from '../i18n/messages-context';
import { useShopMutation } from './use-shop-mutation';
import { TextField } from '../forms/text-field';
import { fieldError, useSubmission } from '../forms/use-submission';
import { ProblemAlert } from '../errors/problem-alert';

const EditMenuItemMutation = graphql(`
  mutation EditMenuItem($id: ID!, $input: UpdateMenuItemInput!) {
    updateMenuItem(id: $id, input: $input) {
      id
      version
      ...MenuFields
    }
  }
`);

const FIELDS = ['name', 'description', 'price'] as const;

export interface EditMenuItemFormProps {
  item: { id: string; name: string; description?: string | null; price: number };
  onDone: () => void;
}

/** An item's name, description and price, edited in place; closed once saved, kept as typed after an error. */
export function EditMenuItemForm({ item, onDone }: EditMenuItemFormProps) {
  const t = useMessages();
  const [values, setValues] = useState({ name: item.name, description: item.description ?? '', price: String(item.price) });
  const [, updateMenuItem] = useShopMutation(EditMenuItemMutation);
  const submission = useSubmission(FIELDS);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^-?\d+$/.test(values.price.trim())) return submission.show({ kind: 'field', field: 'price', message: t.wholeNumber });
    const saved = await submission.submit(() =>
      updateMenuItem({ id: item.id, input: { name: values.name, description: values.description.trim() || null, price: Number(values.price) } }),
    );
    if (saved) onDone();
  }

  return (
    <form ref={submission.formRef} onSubmit={submit} noValidate aria-label={t.editItem(item.name)}>
      <TextField name="name" label={t.itemName} value={values.name} onChange={(name) => setValues({ ...values, name })} error={fieldError(submission.problem, 'name')} required />
      <TextField name="description" label={t.itemDescription} value={values.description} onChange={(description) => setValues({ ...values, description })} error={fieldError(submission.problem, 'description')} />
      <TextField name="price" label={t.price} inputMode="numeric" value={values.price} onChange={(price) => setValues({ ...values, price })} error={fieldError(submission.problem, 'price')} required />
      <ProblemAlert problem={submission.problem} onRetry={submission.retry} />
      <button type="submit" disabled={submission.submitting}>
        {t.saveItem}
      </button>
      <button type="button" onClick={onDone}>
        {t.cancelEdit}
      </button>
    </form>
  );
}
