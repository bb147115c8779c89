import { useState, type FormEvent } from 'react';
import { graphql } from '../generated';
import { useMessages } from '../i18n/messages-context';
import { useShopMutation } from './use-shop-mutation';
import { TextField } from '../forms/text-field';
import { fieldError, useSubmission } from '../forms/use-submission';
import { ProblemAlert } from '../errors/problem-alert';
import { isoFromLocal } from '../forms/local-date-time';

const AddPromotionMutation = graphql(`
  mutation AddPromotion($shopId: ID!, $input: PromotionInput!) {
    addPromotion(shopId: $shopId, input: $input) {
      id
      version
      ...PromotionFields
    }
  }
`);

const FIELDS = ['title', 'description', 'startsAt', 'endsAt'] as const;
const EMPTY = { title: '', description: '', startsAt: '', endsAt: '' };

/** Adds a promotion to a shop, its times in the owner's local time zone. */
export function AddPromotionForm({ shopId }: { shopId: string }) {
  const t = useMessages();
  const [promotion, setPromotion] = useState(EMPTY);
  const [, addPromotion] = useShopMutation(AddPromotionMutation);
  const submission = useSubmission(FIELDS);
  const set = (field: keyof typeof EMPTY) => (value: string) => setPromotion((current) => ({ ...current, [field]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const startsAt = isoFromLocal(promotion.startsAt);
    const endsAt = isoFromLocal(promotion.endsAt);
    if (!startsAt) return submission.show({ kind: 'field', field: 'startsAt', message: t.notADate });
    if (!endsAt) return submission.show({ kind: 'field', field: 'endsAt', message: t.notADate });
    const added = await submission.submit(() =>
      addPromotion({ shopId, input: { title: promotion.title, description: promotion.description.trim() || null, startsAt, endsAt } }),
    );
    if (added) setPromotion(EMPTY);
  }

  return (
    <form ref={submission.formRef} onSubmit={submit} noValidate aria-label={t.addPromotion}>
      <h3>{t.addPromotion}</h3>
      <TextField name="title" label={t.promotionTitle} value={promotion.title} onChange={set('title')} error={fieldError(submission.problem, 'title')} required />
      <TextField name="description" label={t.promotionDescription} value={promotion.description} onChange={set('description')} error={fieldError(submission.problem, 'description')} />
      <TextField name="startsAt" label={t.startsAt} type="datetime-local" value={promotion.startsAt} onChange={set('startsAt')} error={fieldError(submission.problem, 'startsAt')} required />
      <TextField name="endsAt" label={t.endsAt} type="datetime-local" value={promotion.endsAt} onChange={set('endsAt')} error={fieldError(submission.problem, 'endsAt')} required />
      <ProblemAlert problem={submission.problem} onRetry={submission.retry} />
      <button type="submit" disabled={submission.submitting}>
        {t.addPromotion}
      </button>
    </form>
  );
}
