import { useState, type FormEvent } from 'react';
import type { CombinedError } from '@urql/core';
import { useMessages } from '../i18n/messages-context';
import { TextField } from '../forms/text-field';
import { fieldError, useSubmission } from '../forms/use-submission';
import { ProblemAlert } from '../errors/problem-alert';
import { isoFromLocal, localFromIso } from '../forms/local-date-time';

const FIELDS = ['areas', 'bidPerClick', 'dailyBudget', 'startsAt', 'endsAt'] as const;

export interface AdCampaignValues {
  areas: string[];
  bidPerClick: number;
  dailyBudget: number;
  startsAt: string | null;
  endsAt: string | null;
}

export interface AdCampaignFormProps {
  /** The campaign being edited; none for a new one. */
  campaign?: { areas: string[]; bidPerClick: number; dailyBudget: number; startsAt: string; endsAt?: string | null | undefined };
  label: string;
  submitLabel: string;
  onSubmit: (values: AdCampaignValues) => Promise<{ error?: CombinedError | undefined }>;
  /** Called once saved. */
  onSaved?: () => void;
}

/** A campaign's areas, bid, daily budget and times; a refused field is shown on it, and nothing typed is lost. */
export function AdCampaignForm({ campaign, label, submitLabel, onSubmit, onSaved }: AdCampaignFormProps) {
  const t = useMessages();
  const initial = {
    areas: campaign?.areas.join(', ') ?? '',
    bidPerClick: campaign ? String(campaign.bidPerClick) : '',
    dailyBudget: campaign ? String(campaign.dailyBudget) : '',
    startsAt: campaign ? localFromIso(campaign.startsAt) : '',
    endsAt: campaign?.endsAt ? localFromIso(campaign.endsAt) : '',
  };
  const [values, setValues] = useState(initial);
  // An area's index in the list sent (`input.areas.2`) is the areas field.
  const submission = useSubmission(FIELDS, (path) => path.replace(/^areas\.\d+$/, 'areas'));
  const set = (field: keyof typeof initial) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    for (const field of ['bidPerClick', 'dailyBudget'] as const) {
      if (!/^\d+$/.test(values[field].trim())) return submission.show({ kind: 'field', field, message: t.wholeNumber });
    }
    const startsAt = values.startsAt ? isoFromLocal(values.startsAt) : null;
    if (values.startsAt && !startsAt) return submission.show({ kind: 'field', field: 'startsAt', message: t.notADate });
    const endsAt = values.endsAt ? isoFromLocal(values.endsAt) : null;
    if (values.endsAt && !endsAt) return submission.show({ kind: 'field', field: 'endsAt', message: t.notADate });
    const areas = values.areas.split(',').map((area) => area.trim()).filter(Boolean);
    const saved = await submission.submit(() => onSubmit({ areas, bidPerClick: Number(values.bidPerClick), dailyBudget: Number(values.dailyBudget), startsAt, endsAt }));
    if (saved) {
      if (!campaign) setValues(initial);
      onSaved?.();
    }
  }

  return (
    <form ref={submission.formRef} onSubmit={submit} noValidate aria-label={label}>
      <h3>{label}</h3>
      <TextField name="areas" label={t.areas} value={values.areas} onChange={set('areas')} error={fieldError(submission.problem, 'areas')} required />
      <TextField name="bidPerClick" label={t.bidPerClick} inputMode="numeric" value={values.bidPerClick} onChange={set('bidPerClick')} error={fieldError(submission.problem, 'bidPerClick')} required />
      <TextField name="dailyBudget" label={t.dailyBudget} inputMode="numeric" value={values.dailyBudget} onChange={set('dailyBudget')} error={fieldError(submission.problem, 'dailyBudget')} required />
      <TextField name="startsAt" label={t.startsAt} type="datetime-local" value={values.startsAt} onChange={set('startsAt')} error={fieldError(submission.problem, 'startsAt')} />
      <TextField name="endsAt" label={t.endsAtOptional} type="datetime-local" value={values.endsAt} onChange={set('endsAt')} error={fieldError(submission.problem, 'endsAt')} />
      <ProblemAlert problem={submission.problem} onRetry={submission.retry} />
      <button type="submit" disabled={submission.submitting}>
        {submitLabel}
      </button>
    </form>
  );
}
