import { useState, type FormEvent } from 'react';
import type { Inbox } from '../../../../electron/shared/schemas.js';
import { ApiError } from '../../api/client.js';
import { useStore } from '../../store/index.js';
import { ScriptFields, useScriptFields } from './ScriptFields.js';
import { ForwardFields, useForwardFields } from '../forwarding/ForwardFields.js';
import { responseDraft, responseFromDraft } from './drafts.js';
import { ResponseFields } from './ResponseFields.js';
import { RuleList, useRuleFields } from './RuleList.js';
import { SecretFields, useSecretFields } from './SecretFields.js';

/** Fields whose server message shows beside them rather than under the form. */
const INLINE_FIELDS = /^(forward\.\d+\.url|response\.(status|statusTemplate|headers|body)|rules\.\d+\.|secrets)/;

/** Rename an inbox and set what it answers: a response (plain or templated), the secrets templates read, rules, a script, where captures are forwarded. */
export function InboxSettings({ inbox, onDone }: { inbox: Inbox; onDone(): void }) {
  const updateInbox = useStore((state) => state.updateInbox);
  const [name, setName] = useState(inbox.name);
  const [answer, setAnswer] = useState(() => responseDraft(inbox.response));
  const [error, setError] = useState<ApiError | null>(null);
  const script = useScriptFields(inbox);
  const forward = useForwardFields(inbox);
  const rules = useRuleFields(inbox);
  const secrets = useSecretFields();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await updateInbox(inbox.id, {
        name,
        response: responseFromDraft(answer),
        ...rules.patch(),
        ...script.patch(),
        ...forward.patch(),
        ...secrets.patch(),
      });
      onDone();
    } catch (caught) {
      const failure = caught instanceof ApiError ? caught : new ApiError(0, 'error', String(caught));
      rules.reveal(failure.field);
      setError(failure);
    }
  };

  /** The server's message when it blames this field or one inside it. */
  const problem = (field: string) => {
    const blamed = error?.field;
    return blamed !== undefined && (blamed === field || blamed.startsWith(`${field}.`)) ? error!.message : null;
  };
  return (
    <form className="panel grid-form" onSubmit={(event) => void save(event)} aria-label="Inbox settings">
      <label htmlFor="inbox-name">Name</label>
      <input id="inbox-name" value={name} onChange={(event) => setName(event.target.value)} />
      <fieldset className="wide grid-form answer-fields">
        <legend>Answer</legend>
        <ResponseFields idPrefix="inbox-answer" draft={answer} onChange={setAnswer} problem={(part) => problem(`response.${part}`)} />
      </fieldset>
      <SecretFields inbox={inbox} fields={secrets} problem={problem('secrets')} />
      <RuleList inbox={inbox} fields={rules} answer={answer} problem={problem} />
      <ScriptFields inbox={inbox} fields={script} invalid={problem('script') !== null} />
      <ForwardFields fields={forward} problem={problem} />
      {error && !INLINE_FIELDS.test(error.field ?? '') && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button primary">
          Save
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
