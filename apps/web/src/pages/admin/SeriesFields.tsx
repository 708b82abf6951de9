import type { Weekday } from '@peer-support/contracts/schedule';
import { Field, FieldError } from '../../forms/Field.tsx';
import { describeFieldError } from '../../forms/form-errors.ts';
import { COMMON_TIME_ZONES, MODE_LABELS } from '../../schedule/schedule-words.ts';
import {
  DAY_CHOICES,
  hasVenue,
  POSITION_CHOICES,
  REPEAT_LABELS,
  type Repeat,
  type SeriesValues,
} from '../../schedule/series-values.ts';

/** What each part of the series form is handed: the values, a setter, ids and the server's errors. */
export interface SeriesFieldsProps {
  values: SeriesValues;
  set<K extends keyof SeriesValues>(key: K, value: SeriesValues[K]): void;
  id(name: string): string;
  fieldError(...keys: string[]): string | undefined;
}

/** How it repeats: weekly on chosen days, or monthly on a weekday or a date. */
export function RepeatFields({ values, set, id, fieldError }: SeriesFieldsProps) {
  const daysError = fieldError('rule.byDay', 'rule');
  return (
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
            {DAY_CHOICES.map(({ day, name }) => (
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
                {POSITION_CHOICES.map((pos) => (
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
                {DAY_CHOICES.map(({ day, name }) => (
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
  );
}

/** The first day, the time and length, and the zone the time is kept in. */
export function WhenFields({ values, set, id, fieldError }: SeriesFieldsProps) {
  const zones = COMMON_TIME_ZONES.includes(values.timeZone)
    ? COMMON_TIME_ZONES
    : [values.timeZone, ...COMMON_TIME_ZONES];
  return (
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
  );
}

/** When the series ends: never, after a number of sessions, or on a date. */
export function EndFields({ values, set, id, fieldError }: SeriesFieldsProps) {
  return (
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
  );
}

/** Online, in person or both, and the venue for in person. */
export function PlaceFields({ values, set, id, fieldError }: SeriesFieldsProps) {
  const venueError = fieldError('venue');
  return (
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
          {venueError && <FieldError id={id('venue-error')}>{describeFieldError('The venue', venueError)}</FieldError>}
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
  );
}
