import { useState } from 'react';
import type { Hook } from '../../../../electron/shared/hooks.js';
import { ApiError } from '../../api/client.js';
import { CopyButton } from '../../components/CopyButton.js';
import { formatDateTime } from '../../components/format.js';
import { useStore } from '../../store/index.js';
import { described, FieldNotes } from './fields.js';

/** The signing secret: hidden until revealed, copyable, and rotated with the old one kept signing for a while. */
export function SecretField({
  hook,
  secret,
  generates,
  error,
  onChange,
}: {
  hook: Hook | undefined;
  secret: string;
  generates: boolean;
  error: string | undefined;
  onChange(secret: string): void;
}) {
  const rotateHookSecret = useStore((state) => state.rotateHookSecret);
  const [revealed, setRevealed] = useState(false);
  const [rotateError, setRotateError] = useState<string | null>(null);
  const problem = error ?? rotateError ?? undefined;
  const hint = generates
    ? 'Left empty, one is generated. It signs every delivery.'
    : 'Optional for this provider; left empty (or emptied), none is sent.';

  const rotate = async () => {
    if (!hook || !window.confirm(`Give ${hook.name} a new secret? The current one keeps signing beside it for 24 hours.`)) return;
    try {
      const rotated = await rotateHookSecret(hook.id);
      setRotateError(null);
      onChange(rotated.secret);
    } catch (caught) {
      setRotateError(caught instanceof ApiError ? caught.message : String(caught));
    }
  };

  const previous = hook?.previousSecrets.filter((old) => Date.parse(old.expiresAt) > Date.now()) ?? [];
  return (
    <>
      <label htmlFor="hook-secret">Secret</label>
      <div className="stack">
        <div className="row">
          <input
            className="grow mono"
            type={revealed ? 'text' : 'password'}
            autoComplete="off"
            spellCheck={false}
            value={secret}
            onChange={(event) => onChange(event.target.value)}
            {...described('hook-secret', problem, hint)}
          />
          <button type="button" className="button small" aria-pressed={revealed} onClick={() => setRevealed(!revealed)}>
            {revealed ? 'Hide' : 'Reveal'}
          </button>
          {secret && <CopyButton text={secret} label="Copy secret" />}
          {/* Rotation makes up a secret that signs beside the old one; other providers' secrets are typed. */}
          {hook && generates && (
            <button type="button" className="button small" onClick={() => void rotate()}>
              Rotate
            </button>
          )}
        </div>
        {previous.length > 0 && (
          <p className="muted hint">
            {previous.length === 1 ? 'The previous secret signs' : `${previous.length} previous secrets sign`} beside it until{' '}
            {formatDateTime(previous.at(-1)!.expiresAt)}.
          </p>
        )}
        <FieldNotes id="hook-secret" error={problem} hint={hint} />
      </div>
    </>
  );
}
