import type { SupportLine } from '@peer-support/contracts/groups';
import { telHref } from './join-words.ts';

/** The group's support lines: someone waiting, or leaving upset, should never be a tap away from help. */
export function SupportLines({ lines }: { lines: readonly SupportLine[] }) {
  if (lines.length === 0) return null;
  return (
    <section aria-labelledby="support-heading" className="card">
      <h3 id="support-heading">If you need support</h3>
      <p className="muted">Peer support is not a crisis service. These lines are there for you, free to call.</p>
      <ul className="plain-list support-lines">
        {lines.map((line) => (
          <li key={`${line.name} ${line.phone}`}>
            <h4>{line.name}</h4>
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
