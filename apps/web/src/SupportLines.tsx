import type { SupportLine } from '@peer-support/contracts/groups';
import { useId } from 'react';
import { telHref } from './join/join-words.ts';

/**
 * A group's support lines, each with its hours and what it is for: someone waiting, reading
 * about the group, or leaving upset should never be more than a tap away from help.
 */
export function SupportLines(props: {
  lines: readonly SupportLine[];
  title?: string;
  /** The heading level of the section (each line's name is one below it). */
  level?: 2 | 3;
}) {
  const { lines, title = 'If you need support', level = 3 } = props;
  const id = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  const LineHeading = level === 2 ? 'h3' : 'h4';
  return (
    <section aria-labelledby={id} className="card">
      <Heading id={id}>{title}</Heading>
      <p className="muted">Peer support is not a crisis service. These lines are there for you, free to call.</p>
      <ul className="plain-list support-lines">
        {lines.map((line) => (
          <li key={`${line.name} ${line.phone}`}>
            <LineHeading>{line.name}</LineHeading>
            <p>
              <a href={telHref(line.phone)}>
                Call {line.name} on {line.phone}
              </a>
            </p>
            <p className="muted">{line.hours}</p>
            {line.description && <p>{line.description}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The same lines, short: a number to call and when, where space is tight (the call, its end). */
export function SupportLineList({ lines }: { lines: readonly SupportLine[] }) {
  return (
    <ul className="plain-list">
      {lines.map((line) => (
        <li key={`${line.name} ${line.phone}`}>
          <a href={telHref(line.phone)}>
            Call {line.name} on {line.phone}
          </a>{' '}
          <span className="muted">{line.hours}</span>
        </li>
      ))}
    </ul>
  );
}
