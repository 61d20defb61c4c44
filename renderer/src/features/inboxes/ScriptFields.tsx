import { useState } from 'react';
import type { Inbox, InboxPatch } from '../../../../electron/shared/schemas.js';
import type { InboxScriptInput } from '../../../../electron/shared/answers.js';
import { ApiError } from '../../api/client.js';
import { useStore } from '../../store/index.js';

type Then = InboxScriptInput['then'];

const EXAMPLE_STEPS = `[
  { "status": 500 },
  { "status": 429, "headers": { "retry-after": "2" } },
  { "status": 200 }
]`;

/** The script part of the settings form: its state, and what to send for it. */
export function useScriptFields(inbox: Inbox) {
  const initialSteps = inbox.script ? JSON.stringify(inbox.script.steps, null, 2) : EXAMPLE_STEPS;
  const [scripted, setScripted] = useState(inbox.script !== undefined);
  const [steps, setSteps] = useState(initialSteps);
  const [then, setThen] = useState<Then>(inbox.script?.then ?? 'last');

  /**
   * `script` for the PATCH: omitted when unchanged, since saving a script starts it over at
   * step 1. Throws an ApiError naming the field when the steps are not JSON.
   */
  const patch = (): Pick<InboxPatch, 'script'> => {
    if (!scripted) return inbox.script ? { script: null } : {};
    if (inbox.script && steps === initialSteps && then === inbox.script.then) return {};
    try {
      return { script: { steps: JSON.parse(steps) as InboxScriptInput['steps'], then } };
    } catch (error) {
      throw new ApiError(0, 'invalid_json', `The script's steps are not valid JSON (${(error as Error).message}).`, 'script.steps');
    }
  };
  return { scripted, setScripted, steps, setSteps, then, setThen, patch };
}

/** Answer with a sequence instead of one response: a JSON list of steps and what follows the last. */
export function ScriptFields({ inbox, fields, invalid }: { inbox: Inbox; fields: ReturnType<typeof useScriptFields>; invalid: boolean }) {
  const resetInboxScript = useStore((state) => state.resetInboxScript);
  const [rewound, setRewound] = useState<string | null>(null);
  const rewind = () =>
    resetInboxScript(inbox.id).then(
      () => setRewound('The next request gets step 1.'),
      (error: unknown) => setRewound((error as Error).message),
    );
  return (
    <>
      <label htmlFor="inbox-scripted">Answer with a script</label>
      <input id="inbox-scripted" type="checkbox" checked={fields.scripted} onChange={(event) => fields.setScripted(event.target.checked)} />
      {fields.scripted && (
        <>
          <p id="inbox-script-hint" className="row muted">
            One step per request, as a JSON list. A step sets any of status, headers, body, delayMs; the rest comes from the answer above.
          </p>
          <label htmlFor="inbox-script-steps" className="wide">
            Script steps
          </label>
          <textarea
            id="inbox-script-steps"
            className="wide"
            rows={8}
            value={fields.steps}
            aria-invalid={invalid || undefined}
            aria-describedby="inbox-script-hint"
            onChange={(event) => fields.setSteps(event.target.value)}
          />
          <label htmlFor="inbox-script-then">After the last step</label>
          <select id="inbox-script-then" value={fields.then} onChange={(event) => fields.setThen(event.target.value as Then)}>
            <option value="last">keep answering the last step</option>
            <option value="repeat">start over at step 1</option>
          </select>
          {inbox.script && (
            <div className="row">
              <button type="button" className="button" onClick={() => void rewind()}>
                Rewind to step 1
              </button>
              {rewound && <span role="status">{rewound}</span>}
            </div>
          )}
        </>
      )}
    </>
  );
}
