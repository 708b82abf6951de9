import { type ReactNode, useEffect, useRef } from 'react';

interface StepHeadingProps {
  id: string;
  /** Where this step sits, e.g. "Step 2 of 3"; read before the heading text. */
  count?: string;
  /** Move the keyboard and screen-reader focus here: true when the step was reached by moving on or back. */
  focus: boolean;
  children: ReactNode;
}

/** The one heading of a join step. Focus lands on it when the step changes, so nobody is left on a button that vanished. */
export function StepHeading({ id, count, focus, children }: StepHeadingProps) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <h2 id={id} ref={ref} tabIndex={-1} className="step-heading">
      {count && <span className="step-count">{count}: </span>}
      {children}
    </h2>
  );
}
