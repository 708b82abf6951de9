/** A group's ground rules as a numbered list. */
export function GroundRulesList({ rules }: { rules: readonly string[] }) {
  if (rules.length === 0) return <p className="muted">This group has not written down any ground rules.</p>;
  return (
    <ol className="ground-rules">
      {rules.map((rule, i) => (
        // Two rules may read the same; their place in the list is what tells them apart.
        // biome-ignore lint/suspicious/noArrayIndexKey: the list only changes as a whole.
        <li key={i}>{rule}</li>
      ))}
    </ol>
  );
}

export function NotRecorded() {
  return (
    <p className="not-recorded">
      <strong>This session is not recorded.</strong> What is said in the group stays in the group.
    </p>
  );
}
