import { useState } from 'react';

/** Copies to the clipboard, and says so; where the browser will not, asks the person to copy by hand. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [said, setSaid] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setSaid('Copied.');
    } catch {
      setSaid('Your browser did not let us copy. Select the link and copy it yourself.');
    }
  }
  return (
    <span className="copy">
      <button type="button" className="secondary" onClick={() => void copy()}>
        Copy<span className="visually-hidden"> the {label}</span>
      </button>
      <span role="status" className="muted">
        {said}
      </span>
    </span>
  );
}
