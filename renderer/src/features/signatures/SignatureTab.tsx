import { useEffect, useState, type FormEvent } from 'react';
import type { Capture } from '../../../../electron/shared/schemas.js';
import {
  detectScheme,
  SCHEME_LABELS,
  SIGNATURE_SCHEMES,
  type SignatureScheme,
  type VerifyRequest,
} from '../../../../electron/shared/signatures.js';
import { useStore } from '../../store/index.js';
import { SignatureVerdict } from './SignatureVerdict.js';

const TYPED = 'typed';
/** The hook whose delivery this is: the server finds it from the capture's webhook-id. */
const SENDER = 'sender';

/** The capture detail's Signature tab: pick a scheme and a secret, verify, and read why it failed. */
export function SignatureTab({ capture }: { capture: Capture }) {
  const hooks = useStore((state) => state.hooks);
  const hooksLoaded = useStore((state) => state.hooksLoaded);
  const loadHooks = useStore((state) => state.loadHooks);
  const verifySignature = useStore((state) => state.verifySignature);
  const verifying = useStore((state) => state.verifyingSignature);
  const error = useStore((state) => state.signatureError);

  const detected = detectScheme(capture.headers);
  const fromHookbench = capture.headers.some(([name]) => name.toLowerCase() === 'webhook-id');
  const [scheme, setScheme] = useState<SignatureScheme>(detected);
  const [source, setSource] = useState(fromHookbench ? SENDER : TYPED);
  const [secret, setSecret] = useState('');
  const [original, setOriginal] = useState('');

  useEffect(() => {
    if (!hooksLoaded) void loadHooks();
  }, [hooksLoaded, loadHooks]);

  const verify = (event: FormEvent) => {
    event.preventDefault();
    const input: VerifyRequest = { scheme };
    if (source === TYPED) {
      if (secret) input.secret = secret;
    } else if (source !== SENDER) input.hookId = source;
    if (original) input.originalBody = toBase64(original);
    void verifySignature(capture.id, input);
  };

  const problem = error?.captureId === capture.id ? error : null;
  const fieldError = (field: string) => (problem?.field === field ? problem.message : undefined);
  return (
    <div className="signature-tab stack">
      <form className="grid-form" onSubmit={verify} aria-label="Verify the signature">
        <label htmlFor="signature-scheme">Scheme</label>
        <select id="signature-scheme" value={scheme} onChange={(event) => setScheme(event.target.value as SignatureScheme)}>
          {SIGNATURE_SCHEMES.map((id) => (
            <option key={id} value={id}>
              {SCHEME_LABELS[id]}
              {id === detected ? ' — detected' : ''}
            </option>
          ))}
        </select>
        <label htmlFor="signature-source">Secret from</label>
        <select id="signature-source" value={source} onChange={(event) => setSource(event.target.value)}>
          {fromHookbench && <option value={SENDER}>The hook that delivered it (Hookbench)</option>}
          {hooks.map((hook) => (
            <option key={hook.id} value={hook.id}>
              Hook: {hook.name} ({hook.provider})
            </option>
          ))}
          <option value={TYPED}>A secret I type</option>
        </select>
        {source === TYPED && (
          <>
            <label htmlFor="signature-secret">Secret</label>
            <input
              id="signature-secret"
              className="mono"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={secret}
              onChange={(event) => setSecret(event.target.value)}
              aria-invalid={fieldError('secret') ? true : undefined}
            />
          </>
        )}
        <details className="wide">
          <summary>Compare with the body that was signed (optional)</summary>
          <p className="muted">
            Paste the body as the sender signed it to find what changed on the way. Hookbench deliveries are compared with the attempt log
            by themselves.
          </p>
          <textarea
            aria-label="Body that was signed"
            rows={5}
            value={original}
            spellCheck={false}
            onChange={(event) => setOriginal(event.target.value)}
          />
        </details>
        <div className="row">
          <button type="submit" className="button primary" disabled={verifying}>
            {verifying ? 'Verifying…' : 'Verify'}
          </button>
        </div>
        {problem && (
          <p className="field-error wide" role="alert">
            {problem.message}
          </p>
        )}
      </form>
      <SignatureVerdict captureId={capture.id} />
    </div>
  );
}

/** UTF-8 text to base64, as the API wants the original body (btoa alone only takes Latin-1). */
function toBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
