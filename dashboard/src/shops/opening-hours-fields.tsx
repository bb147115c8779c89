import type { DayOfWeek } from '../generated/graphql';
import { useMessages } from '../i18n/messages-context';
import { TextField } from '../forms/text-field';

export const DAYS: readonly DayOfWeek[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

/** One weekday as the form holds it: open or not, and its times as typed. */
export interface DayHours {
  open: boolean;
  opens: string;
  closes: string;
}

export type WeekHours = Record<DayOfWeek, DayHours>;

/** The week from the API's entries (one per open day). */
export function weekHours(entries: readonly { day: DayOfWeek; opens: string; closes: string }[]): WeekHours {
  const week = Object.fromEntries(DAYS.map((day) => [day, { open: false, opens: '', closes: '' }])) as WeekHours;
  for (const entry of entries) week[entry.day] = { open: true, opens: entry.opens, closes: entry.closes };
  return week;
}

/** The form's name of one time field; what `openingHours.<index>.<opens|closes>` errors are shown on. */
export const hoursField = (day: DayOfWeek, which: 'opens' | 'closes') => `openingHours.${day}.${which}`;
export const HOURS_FIELDS = DAYS.flatMap((day) => [hoursField(day, 'opens'), hoursField(day, 'closes')]);

export interface OpeningHoursFieldsProps {
  week: WeekHours;
  onChange: (day: DayOfWeek, hours: DayHours) => void;
  errorOf: (field: string) => string | undefined;
}

/** A checkbox per weekday; an open day gets its opening and closing time. */
export function OpeningHoursFields({ week, onChange, errorOf }: OpeningHoursFieldsProps) {
  const t = useMessages();
  return (
    <fieldset>
      <legend>{t.openingHours}</legend>
      {DAYS.map((day) => {
        const hours = week[day];
        return (
          <div key={day} className="day">
            <label>
              <input type="checkbox" name={`openingHours.${day}`} checked={hours.open} onChange={(e) => onChange(day, { ...hours, open: e.target.checked })} />
              {t.days[day]}
            </label>
            {hours.open && (
              <>
                <TextField name={hoursField(day, 'opens')} label={t.opensOn(t.days[day])} value={hours.opens} onChange={(opens) => onChange(day, { ...hours, opens })} error={errorOf(hoursField(day, 'opens'))} />
                <TextField name={hoursField(day, 'closes')} label={t.closesOn(t.days[day])} value={hours.closes} onChange={(closes) => onChange(day, { ...hours, closes })} error={errorOf(hoursField(day, 'closes'))} />
              </>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
