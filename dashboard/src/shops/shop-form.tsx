import { useCallback, useRef, useState, type FormEvent } from 'react';
import type { CombinedError } from '@urql/core';
import { graphql, useFragment, type FragmentType } from '../generated';
import type { DayOfWeek, ShopCategory } from '../generated/graphql';
import { useMessages } from '../i18n/messages-context';
import { TextField } from '../forms/text-field';
import { fieldError, useSubmission } from '../forms/use-submission';
import { ProblemAlert } from '../errors/problem-alert';
import { DAYS, HOURS_FIELDS, OpeningHoursFields, hoursField, weekHours, type DayHours } from './opening-hours-fields';

/** The fields the form edits, read from the command side (what the owner last saved). */
export const ShopFormFields = graphql(`
  fragment ShopFormFields on ManagedShop {
    name
    category
    description
    phone
    address
    minOrderAmount
    deliveryTip
    notice
    openingHours {
      day
      opens
      closes
    }
  }
`);

/** What the form sends: CreateShopInput and UpdateShopInput both take it. */
export interface ShopFormInput {
  name: string;
  category: ShopCategory;
  description: string | null;
  phone: string;
  address: string;
  minOrderAmount: number;
  deliveryTip: number;
  notice: string | null;
  /** One entry per open day, Monday first. */
  openingHours: { day: DayOfWeek; opens: string; closes: string }[];
}

const CATEGORIES: readonly ShopCategory[] = [
  'KOREAN', 'CHINESE', 'JAPANESE', 'WESTERN', 'CHICKEN', 'PIZZA', 'BUNSIK',
  'JOKBAL_BOSSAM', 'JJIM_TANG', 'CAFE_DESSERT', 'FAST_FOOD', 'ASIAN', 'LUNCHBOX', 'NIGHT_SNACK',
];
const NUMBER_FIELDS = ['minOrderAmount', 'deliveryTip'] as const;
const TEXT_FIELDS = ['name', 'category', 'description', 'phone', 'address', 'minOrderAmount', 'deliveryTip', 'notice'] as const;
const FIELDS = [...TEXT_FIELDS, ...HOURS_FIELDS];

type Values = Record<(typeof TEXT_FIELDS)[number], string>;

export interface ShopFormProps {
  /** The shop being edited; absent when creating one. */
  shop?: FragmentType<typeof ShopFormFields>;
  submitLabel: string;
  /** Sends the input; an error it answers is shown on its field or in the alert. */
  onSubmit: (input: ShopFormInput) => Promise<{ error?: CombinedError | undefined }>;
}

/** A shop's fields, for creating and editing: numbers as text while typed, so nothing typed is lost. */
export function ShopForm({ shop: shopRef, submitLabel, onSubmit }: ShopFormProps) {
  const t = useMessages();
  const shop = useFragment(ShopFormFields, shopRef);
  const [values, setValues] = useState<Values>(() => ({
    name: shop?.name ?? '',
    category: shop?.category ?? 'KOREAN',
    description: shop?.description ?? '',
    phone: shop?.phone ?? '',
    address: shop?.address ?? '',
    minOrderAmount: String(shop?.minOrderAmount ?? 0),
    deliveryTip: String(shop?.deliveryTip ?? 0),
    notice: shop?.notice ?? '',
  }));
  const [week, setWeek] = useState(() => weekHours(shop?.openingHours ?? []));
  // The days sent, in order: an error on `openingHours.<index>` is shown on that day's field.
  const sentDays = useRef<DayOfWeek[]>([]);
  const fieldOf = useCallback((path: string) => {
    const match = /^openingHours\.(\d+)\.(opens|closes|day)$/.exec(path);
    const day = match && sentDays.current[Number(match[1])];
    return day ? hoursField(day, match[2] === 'closes' ? 'closes' : 'opens') : path;
  }, []);
  const submission = useSubmission(FIELDS, fieldOf);
  const setDay = (day: DayOfWeek, hours: DayHours) => setWeek((current) => ({ ...current, [day]: hours }));
  const set = (field: keyof Values) => (value: string) => setValues((current) => ({ ...current, [field]: value }));
  const error = (field: keyof Values) => fieldError(submission.problem, field);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const notWhole = NUMBER_FIELDS.find((field) => !/^-?\d+$/.test(values[field].trim()));
    if (notWhole) return submission.show({ kind: 'field', field: notWhole, message: t.wholeNumber });
    const openDays = DAYS.filter((day) => week[day].open);
    sentDays.current = openDays;
    await submission.submit(() =>
      onSubmit({
        name: values.name,
        category: values.category as ShopCategory,
        description: values.description.trim() || null,
        phone: values.phone,
        address: values.address,
        minOrderAmount: Number(values.minOrderAmount),
        deliveryTip: Number(values.deliveryTip),
        notice: values.notice.trim() || null,
        openingHours: openDays.map((day) => ({ day, opens: week[day].opens.trim(), closes: week[day].closes.trim() })),
      }),
    );
  }

  return (
    <form ref={submission.formRef} onSubmit={submit} noValidate>
      <TextField name="name" label={t.shopName} value={values.name} onChange={set('name')} error={error('name')} required />
      <div className="field">
        <label htmlFor="shop-category">{t.category}</label>
        <select id="shop-category" name="category" value={values.category} onChange={(e) => set('category')(e.target.value)}>
          {CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {t.categories[category]}
            </option>
          ))}
        </select>
      </div>
      <TextField name="description" label={t.description} value={values.description} onChange={set('description')} error={error('description')} multiline />
      <TextField name="phone" label={t.phone} type="tel" value={values.phone} onChange={set('phone')} error={error('phone')} required />
      <TextField name="address" label={t.address} value={values.address} onChange={set('address')} error={error('address')} required />
      <TextField name="minOrderAmount" label={t.minOrderAmount} inputMode="numeric" value={values.minOrderAmount} onChange={set('minOrderAmount')} error={error('minOrderAmount')} />
      <TextField name="deliveryTip" label={t.deliveryTip} inputMode="numeric" value={values.deliveryTip} onChange={set('deliveryTip')} error={error('deliveryTip')} />
      <TextField name="notice" label={t.notice} value={values.notice} onChange={set('notice')} error={error('notice')} multiline />
      <OpeningHoursFields week={week} onChange={setDay} errorOf={(field) => fieldError(submission.problem, field)} />
      <ProblemAlert problem={submission.problem} onRetry={submission.retry} />
      <button type="submit" disabled={submission.submitting}>
        {submitLabel}
      </button>
    </form>
  );
}
