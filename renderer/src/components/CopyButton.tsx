import { useState } from 'react';

/** Copies `text`; says so for a moment. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    } catch {
      window.prompt('Copy this:', text);
    }
  };
  return (
    <button type="button" className="button small" onClick={() => void copy()} aria-label={`${label}: ${text.slice(0, 60)}`}>
      {copied ? 'Copied' : label}
    </button>
  );
}
