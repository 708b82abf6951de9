import type {
  CreateSeries,
  Series,
  SeriesDraft,
  SeriesEnd,
  SeriesRule,
  Weekday,
} from '@peer-support/contracts/schedule';
import { DEFAULT_TIME_ZONE } from '@peer-support/domain/series';
import { describeSeries } from '@peer-support/domain/series-words';
import { type FormEvent, useRef, useState } from 'react';
import { Field, FieldError, FormAlert } from '../../forms/Field.tsx';
import { describeFieldError, type FormErrors, formErrors } from '../../forms/form-errors.ts';
import { useFocusFirstInvalid } from '../../forms/use-focus-first-invalid.ts';
import { COMMON_TIME_ZONES, longDay, MODE_LABELS } from '../../schedule/schedule-words.ts';

const WEEKDAYS: { day: Weekday; name: string }[] = [
  { day: 'MO', name: 'Monday' },
  { day: 'TU', name: 'Tuesday' },
  { day: 'WE', name: 'Wednesday' },
  { day: 'TH', name: 'Thursday' },
  { day: 'FR', name: 'Friday' },
  { day: 'SA', name: 'Saturday' },
  { day: 'SU', name: 'Sunday' },
];
const POSITIONS = [
  { value: '1', label: 'First' },
  { value: '2', label: 'Second' },
  { value: '3', label: 'Third' },
  { value: '4', label: 'Fourth' },
  { value: '-1', label: 'Last' },
];

type Repeat = 'weekly' | 'monthly_weekday' | 'monthly_date';
const REPEAT_LABELS: Record<Repeat, string> = {
  weekly: 'Weekly, on chosen days',
  monthly_weekday: 'Monthly, on a weekday (for example the first Tuesday)',
  monthly_date: 'Monthly, on a date (for example the 15th)',
};

/** The form as typed: numbers stay text until submit, so a half-typed value is not lost. */
export interface SeriesValues {
  repeat: Repeat;
  interval: string;
  days: Weekday[];
  position: string;
  monthWeekday: Weekday;
  monthDay: string;
  startDate: string;
  startTime: string;
  duration: string;
  timeZone: string;
  endKind: SeriesEnd['kind'];
  count: string;
  until: string;
  mode: CreateSeries['mode'];
  venueName: string;
  venueAddress: string;
  accessNotes: string;
  mapUrl: string;
}

export const blankSeries = (): SeriesValues => ({
  repeat: 'weekly',
  interval: '1',
  days: [],
  position: '1',
  monthWeekday: 'TU',
  monthDay: '1',
  startDate: '',
  startTime: '18:30',
  duration: '90',
  timeZone: DEFAULT_TIME_ZONE,
  endKind: 'never',
  count: '10',
  until: '',
  mode: 'online',
  venueName: '',
  venueAddress: '',
  accessNotes: '',
  mapUrl: '',
});

export function fromSeries(s: Series): SeriesValues {
  const values = blankSeries();
  const r = s.rule;
  if (r.freq === 'weekly') Object.assign(values, { repeat: 'weekly', days: r.byDay });
  else if ('byMonthDay' in r) Object.assign(values, { repeat: 'monthly_date', monthDay: String(r.byMonthDay) });
  else Object.assign(values, { repeat: 'monthly_weekday', position: String(r.bySetPos), monthWeekday: r.byDay });
  return {
    ...values,
    interval: String(r.interval),
    startDate: s.startDate,
    startTime: s.startTime,
    duration: String(s.durationMinutes),
    timeZone: s.timeZone,
    endKind: s.end.kind,
    count: s.end.kind === 'count' ? String(s.end.count) : values.count,
    until: s.end.kind === 'until' ? s.end.date : '',
    mode: s.mode,
    venueName: s.venue?.name ?? '',
    venueAddress: s.venue?.address ?? '',
    accessNotes: s.venue?.accessNotes ?? '',
    mapUrl: s.venue?.mapUrl ?? '',
  };
}

/** Text the API must judge (empty, "abc") goes as NaN → null, so the API's message names the field. */
const whole = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

function toRule(v: SeriesValues): SeriesRule {
  const interval = whole(v.interval);
  if (v.repeat === 'weekly') return { freq: 'weekly', interval, byDay: v.days };
  if (v.repeat === 'monthly_date') return { freq: 'monthly', interval, byMonthDay: whole(v.monthDay) };
  return { freq: 'monthly', interval, byDay: v.monthWeekday, bySetPos: Number(v.position) as 1 | 2 | 3 | 4 | -1 };
}

function toEnd(v: SeriesValues): SeriesEnd {
  if (v.endKind === 'count') return { kind: 'count', count: whole(v.count) };
  if (v.endKind === 'until') return { kind: 'until', date: v.until };
  return { kind: 'never' };
}

const hasVenue = (mode: SeriesValues['mode']) => mode !== 'online';

export function toSeriesBody(v: SeriesValues): SeriesDraft {
  const body: SeriesDraft = {
    rule: toRule(v),
    startDate: v.startDate,
    startTime: v.startTime,
    durationMinutes: whole(v.duration),
    timeZone: v.timeZone,
    end: toEnd(v),
    mode: v.mode,
  };
  if (hasVenue(v.mode)) {
    body.venue = {
      name: v.venueName.trim(),
      address: v.venueAddress.trim(),
      ...(v.accessNotes.trim() && { accessNotes: v.accessNotes.trim() }),
      ...(v.mapUrl.trim() && { mapUrl: v.mapUrl.trim() }),
    };
  }
  return body;
}

/** What the preview says: the plain words once they make sense, or what is still missing. */
export function previewWords(v: SeriesValues): string {
  const body = toSeriesBody(v);
  const missing: string[] = [];
  if (v.repeat === 'weekly' && v.days.length === 0) missing.push('at least one day');
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(v.startTime)) missing.push('a start time');
  if (!Number.isInteger(body.durationMinutes) || body.durationMinutes < 1) missing.push('how long sessions last');
  if (!Number.isInteger(body.rule.interval) || body.rule.interval < 1) missing.push('how often it repeats');
  if ('byMonthDay' in body.rule && !(body.rule.byMonthDay >= 1 && body.rule.byMonthDay <= 31))
    missing.push('a day of the month');
  if (body.end?.kind === 'count' && !(Number.isInteger(body.end.count) && body.end.count >= 1))
    missing.push('how many times');
  if (body.end?.kind === 'until' && !/^\d{4}-\d{2}-\d{2}$/.test(body.end.date)) missing.push('the last date');
  return missing.length > 0 ? `Still to choose: ${missing.join(', ')}.` : describeSeries(body);
}

/** What an edit to a series that has met needs to say: it applies from a day, never behind. */
export interface ChangeFrom {
  met: number;
  /** The next session's start, if it has one. */
  nextStart: string | undefined;
  timeZone: string;
}

/** "From Thursday, 10 December 2026: …. The 5 sessions that have taken place stay as they were." */
export function changeWords(words: string, change: ChangeFrom, effectiveFrom: string): string {
  if (change.met === 0) return words;
  const from = effectiveFrom
    ? longDay(`${effectiveFrom}T12:00:00Z`, 'UTC')
    : change.nextStart && longDay(change.nextStart, change.timeZone);
  const kept =
    change.met === 1
      ? 'The session that has taken place stays as it was.'
      : `The ${change.met} sessions that have taken place stay as they were.`;
  const sentence = words.endsWith('.') ? words : `${words}.`;
  return from ? `From ${from}: ${sentence} ${kept}` : `${sentence} ${kept}`;
}

interface SeriesFormProps {
  /** Prefix for input ids, so an edit form and the add form can share the page. */
  idPrefix: string;
  initial: SeriesValues;
  submitLabel: string;
  busyLabel: string;
  /** Set when changing a series: how much of it has met. */
  changeFrom?: ChangeFrom;
  /** `effectiveFrom` is the day the admin chose for the change to apply from, or empty. */
  onSubmit(values: SeriesValues, effectiveFrom: string): Promise<void>;
  onCancel?(): void;
}

export function SeriesForm({
  idPrefix,
  initial,
  submitLabel,
  busyLabel,
  changeFrom,
  onSubmit,
  onCancel,
}: SeriesFormProps) {
  const [values, setValues] = useState(initial);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, errors);

  const set = <K extends keyof SeriesValues>(key: K, value: SeriesValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const id = (name: string) => `${idPrefix}-${name}`;
  const fieldError = (...keys: string[]) =>
    keys
      .map((k) => errors?.fields[k])
      .filter(Boolean)
      .join(' ') || undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors(undefined);
    try {
      await onSubmit(values, effectiveFrom);
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  }

  const zones = COMMON_TIME_ZONES.includes(values.timeZone)
    ? COMMON_TIME_ZONES
    : [values.timeZone, ...COMMON_TIME_ZONES];
  const daysError = fieldError('rule.byDay', 'rule');
  const venueError = fieldError('venue');

  return (
    <form ref={form} onSubmit={submit} noValidate className="series-form">
      <FormAlert message={errors?.message} />

      <fieldset className="group">
        <legend>How it repeats</legend>
        <Field id={id('repeat')} label="Repeats">
          {(p) => (
            <select {...p} value={values.repeat} onChange={(e) => set('repeat', e.target.value as Repeat)}>
              {(Object.keys(REPEAT_LABELS) as Repeat[]).map((r) => (
                <option key={r} value={r}>
                  {REPEAT_LABELS[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id={id('interval')}
          label={values.repeat === 'weekly' ? 'Every how many weeks' : 'Every how many months'}
          hint="1 for every week or month, 2 for every other one, up to 12."
          error={fieldError('rule.interval')}
        >
          {(p) => (
            <input
              {...p}
              className="short"
              inputMode="numeric"
              value={values.interval}
              onChange={(e) => set('interval', e.target.value)}
            />
          )}
        </Field>

        {values.repeat === 'weekly' && (
          <fieldset className="days" aria-describedby={daysError ? id('days-error') : undefined}>
            <legend>On these days</legend>
            <div className="day-choices">
              {WEEKDAYS.map(({ day, name }) => (
                <div className="choice" key={day}>
                  <input
                    type="checkbox"
                    id={id(`day-${day}`)}
                    checked={values.days.includes(day)}
                    aria-invalid={daysError ? true : undefined}
                    onChange={(e) =>
                      set('days', e.target.checked ? [...values.days, day] : values.days.filter((d) => d !== day))
                    }
                  />
                  <label htmlFor={id(`day-${day}`)}>{name}</label>
                </div>
              ))}
            </div>
            {daysError && <FieldError id={id('days-error')}>{describeFieldError('The days', daysError)}</FieldError>}
          </fieldset>
        )}

        {values.repeat === 'monthly_weekday' && (
          <div className="inline-fields">
            <Field id={id('position')} label="Which one in the month" error={fieldError('rule.bySetPos')}>
              {(p) => (
                <select {...p} value={values.position} onChange={(e) => set('position', e.target.value)}>
                  {POSITIONS.map((pos) => (
                    <option key={pos.value} value={pos.value}>
                      {pos.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id={id('month-weekday')} label="Day of the week" error={fieldError('rule.byDay')}>
              {(p) => (
                <select
                  {...p}
                  value={values.monthWeekday}
                  onChange={(e) => set('monthWeekday', e.target.value as Weekday)}
                >
                  {WEEKDAYS.map(({ day, name }) => (
                    <option key={day} value={day}>
                      {name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        )}

        {values.repeat === 'monthly_date' && (
          <Field
            id={id('month-day')}
            label="Day of the month"
            hint="1 to 31. Months without that day are skipped."
            error={fieldError('rule.byMonthDay')}
          >
            {(p) => (
              <input
                {...p}
                className="short"
                inputMode="numeric"
                value={values.monthDay}
                onChange={(e) => set('monthDay', e.target.value)}
              />
            )}
          </Field>
        )}
      </fieldset>

      <fieldset className="group">
        <legend>When</legend>
        <div className="inline-fields">
          <Field
            id={id('start-date')}
            label="First day"
            hint="The rule applies from this day."
            error={fieldError('startDate')}
          >
            {(p) => (
              <input {...p} type="date" value={values.startDate} onChange={(e) => set('startDate', e.target.value)} />
            )}
          </Field>
          <Field
            id={id('start-time')}
            label="Start time"
            hint="24-hour, for example 18:30."
            error={fieldError('startTime')}
          >
            {(p) => (
              <input
                {...p}
                type="time"
                className="short"
                value={values.startTime}
                onChange={(e) => set('startTime', e.target.value)}
              />
            )}
          </Field>
          <Field id={id('duration')} label="Length in minutes" error={fieldError('durationMinutes')}>
            {(p) => (
              <input
                {...p}
                className="short"
                inputMode="numeric"
                value={values.duration}
                onChange={(e) => set('duration', e.target.value)}
              />
            )}
          </Field>
        </div>
        <Field
          id={id('time-zone')}
          label="Time zone"
          hint="Sessions stay at this local time when the clocks change."
          error={fieldError('timeZone')}
        >
          {(p) => (
            <select {...p} value={values.timeZone} onChange={(e) => set('timeZone', e.target.value)}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>

      <fieldset className="group">
        <legend>Ends</legend>
        {(
          [
            ['never', 'Never: it carries on until you change it'],
            ['count', 'After a number of sessions'],
            ['until', 'On a date'],
          ] as const
        ).map(([kind, label]) => (
          <div className="choice" key={kind}>
            <input
              type="radio"
              name={id('end')}
              id={id(`end-${kind}`)}
              checked={values.endKind === kind}
              onChange={() => set('endKind', kind)}
            />
            <label htmlFor={id(`end-${kind}`)}>{label}</label>
          </div>
        ))}
        {values.endKind === 'count' && (
          <Field id={id('count')} label="Number of sessions" error={fieldError('end.count', 'end')}>
            {(p) => (
              <input
                {...p}
                className="short"
                inputMode="numeric"
                value={values.count}
                onChange={(e) => set('count', e.target.value)}
              />
            )}
          </Field>
        )}
        {values.endKind === 'until' && (
          <Field id={id('until')} label="Last day" error={fieldError('end.date', 'end')}>
            {(p) => <input {...p} type="date" value={values.until} onChange={(e) => set('until', e.target.value)} />}
          </Field>
        )}
      </fieldset>

      <fieldset className="group">
        <legend>How people take part</legend>
        <Field id={id('mode')} label="Mode" error={fieldError('mode')}>
          {(p) => (
            <select {...p} value={values.mode} onChange={(e) => set('mode', e.target.value as SeriesValues['mode'])}>
              {(Object.keys(MODE_LABELS) as SeriesValues['mode'][]).map((m) => (
                <option key={m} value={m}>
                  {MODE_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {hasVenue(values.mode) && (
          <div className="venue">
            {venueError && (
              <FieldError id={id('venue-error')}>{describeFieldError('The venue', venueError)}</FieldError>
            )}
            <Field id={id('venue-name')} label="Venue name" error={fieldError('venue.name')}>
              {(p) => (
                <input
                  {...p}
                  value={values.venueName}
                  maxLength={200}
                  onChange={(e) => set('venueName', e.target.value)}
                />
              )}
            </Field>
            <Field id={id('venue-address')} label="Address" error={fieldError('venue.address')}>
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  value={values.venueAddress}
                  maxLength={500}
                  onChange={(e) => set('venueAddress', e.target.value)}
                />
              )}
            </Field>
            <Field
              id={id('access-notes')}
              label="Access notes (optional)"
              hint="Step-free access, the door to use, where the quiet room is."
              error={fieldError('venue.accessNotes')}
            >
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  value={values.accessNotes}
                  maxLength={2000}
                  onChange={(e) => set('accessNotes', e.target.value)}
                />
              )}
            </Field>
            <Field id={id('map-url')} label="Map link (optional)" error={fieldError('venue.mapUrl')}>
              {(p) => (
                <input
                  {...p}
                  type="url"
                  className="wide"
                  value={values.mapUrl}
                  onChange={(e) => set('mapUrl', e.target.value)}
                />
              )}
            </Field>
          </div>
        )}
      </fieldset>

      {changeFrom && changeFrom.met > 0 && (
        <fieldset className="group">
          <legend>From when</legend>
          <Field
            id={id('effective-from')}
            label="Change from (optional)"
            hint="Leave empty to change it from the next session. Sessions before this day keep what they were."
            error={fieldError('effectiveFrom')}
          >
            {(p) => (
              <input {...p} type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />
            )}
          </Field>
        </fieldset>
      )}

      <div className="preview">
        <p id={id('preview-label')} className="preview-label">
          In plain words
        </p>
        <output aria-labelledby={id('preview-label')}>
          {changeFrom ? changeWords(previewWords(values), changeFrom, effectiveFrom) : previewWords(values)}
        </output>
      </div>

      <div className="actions">
        <button type="submit">{busy ? busyLabel : submitLabel}</button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
