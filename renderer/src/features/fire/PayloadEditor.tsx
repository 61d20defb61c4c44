import { useEffect, useMemo } from 'react';
import type { Diagnostic } from '@codemirror/lint';
import { CodeView } from '../../components/CodeView.js';
import { useStore } from '../../store/index.js';
import { currentFireProblems } from '../../store/fire.js';
import { pointerRange, syntaxProblem } from './pointer.js';

/** How long typing pauses before the payload is checked against the schema. */
const CHECK_DELAY_MS = 300;
const NONE: never[] = [];

/** The payload in a JSON editor, checked against the event type's schema as the user types. */
export function PayloadEditor() {
  const text = useStore((state) => state.firePayloadText);
  const edited = useStore((state) => state.firePayloadText !== state.fireSampleText);
  const checkedProblems = useStore(currentFireProblems);
  const providerId = useStore((state) => state.fireProviderId);
  const type = useStore((state) => state.fireType);
  const setText = useStore((state) => state.setFirePayloadText);
  const checkPayload = useStore((state) => state.checkFirePayload);
  const newSample = useStore((state) => state.newFireSample);

  const syntax = useMemo(() => syntaxProblem(text), [text]);
  useEffect(() => {
    if (syntax) return;
    const timer = setTimeout(() => void checkPayload(text), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, providerId, type, syntax, checkPayload]);

  const checked = !syntax && checkedProblems !== null;
  const problems = checked ? checkedProblems : NONE;
  const diagnostics = useMemo<Diagnostic[]>(() => {
    if (syntax) return [{ ...syntax.range, severity: 'error', message: syntax.message }];
    return problems.map((problem) => {
      const range = pointerRange(text, problem.pointer) ?? { from: 0, to: text.length };
      return { ...range, severity: 'error', message: `${problem.pointer || '/'}: ${problem.reason}` };
    });
  }, [syntax, problems, text]);

  return (
    <section className="stack" aria-label="Payload">
      <div className="row">
        <h3 id="fire-payload-heading">Payload</h3>
        <span className="spacer" />
        {edited && <span className="muted">edited</span>}
        <button type="button" className="button small" onClick={() => void newSample()}>
          New sample
        </button>
      </div>
      <CodeView value={text} onChange={setText} diagnostics={diagnostics} label="Payload JSON" />
      <div className="fire-check" role="status" aria-live="polite">
        {syntax ? (
          <p className="field-error">Not valid JSON: {syntax.message}</p>
        ) : !checked ? (
          <p className="muted">Checking against the schema…</p>
        ) : problems.length === 0 ? (
          <p className="ok">Matches the {type} schema.</p>
        ) : (
          <>
            <p className="field-error">
              {problems.length === 1 ? '1 problem' : `${problems.length} problems`} with the {type} schema:
            </p>
            <ul className="fire-problems" aria-label="Schema problems">
              {problems.map((problem) => (
                <li key={`${problem.pointer} ${problem.reason}`}>
                  <code>{problem.pointer || '/'}</code> {problem.reason}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
