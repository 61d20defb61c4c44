import type { ErrorKind } from '../../../../electron/shared/hooks.js';
import { ERROR_EXPLANATIONS } from './explain.js';

/** A request that got no answer: its error kind, what that means, and the raw message. */
export function TransportError({ error }: { error: { kind: ErrorKind; message: string } }) {
  return (
    <>
      <h4>No answer: {error.kind}</h4>
      <p>{ERROR_EXPLANATIONS[error.kind]}</p>
      <p className="mono error-message">{error.message}</p>
    </>
  );
}
