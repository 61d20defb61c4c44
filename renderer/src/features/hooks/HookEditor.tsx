import { useMemo, useState, type FormEvent } from 'react';
import type { Diagnostic } from '@codemirror/lint';
import { HTTP_METHODS, type Hook } from '../../../../electron/shared/hooks.js';
import { ApiError } from '../../api/client.js';
import { CodeView } from '../../components/CodeView.js';
import { useStore } from '../../store/index.js';
import { draftForProvider, draftFromHook, draftToInput, optionSchemas, type HookDraft, type Problems } from './draft.js';
import { EventsField } from './EventsField.js';
import { described, Field, errorsFrom, FieldNotes } from './fields.js';
import { HeadersField } from './HeadersField.js';
import { ProviderOptionsFields } from './ProviderOptionsFields.js';
import { RetryField } from './RetryField.js';
import { SecretField } from './SecretField.js';
import { statusOf } from './status.js';

/** The fields this form shows; a server error about any other is shown above the buttons. */
const FIELDS = ['name', 'url', 'provider', 'events', 'method', 'format', 'headers', 'customData', 'secret', 'retry', 'timeoutMs'];
const MORE_FIELDS = ['enabled', 'autoDisableAfter', 'providerOptions'];

/** Every field of a hook, with the server's objections shown beside the field they concern. */
export function HookEditor({ editing }: { editing: string }) {
  const hook = useStore((state) => state.hooks.find((candidate) => candidate.id === editing));
  const providers = useStore((state) => state.providers);
  const inboxes = useStore((state) => state.inboxes);
  const { createHook, updateHook, deleteHook, editHook } = useStore.getState();
  const [draft, setDraft] = useState<HookDraft>(() =>
    hook ? draftFromHook(hook) : draftForProvider(providers.find((provider) => provider.id === 'generic') ?? providers[0]),
  );
  const [problems, setProblems] = useState<Problems>({});
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const provider = providers.find((candidate) => candidate.id === draft.provider);
  const errorOf = errorsFrom(problems, serverError);

  const change = (fields: Partial<HookDraft>) => {
    setDraft((current) => ({ ...current, ...fields }));
    setSaved(false);
  };
  const chooseProvider = (id: string) => {
    const next = providers.find((candidate) => candidate.id === id);
    // A new hook takes the provider's defaults; an existing one keeps its settings but not the other provider's events and options.
    if (!hook) change(draftForProvider(next, { ...draft, provider: id }));
    else change({ provider: id, events: ['*'], providerOptions: {} });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const { input, problems: found, removesSecret } = draftToInput(draft, provider, hook);
    setProblems(found);
    setServerError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      if (hook) setDraft(draftFromHook(await updateHook(hook.id, removesSecret ? { ...input, secret: null } : input)));
      else await createHook(input);
      setSaved(true);
    } catch (caught) {
      setServerError(caught instanceof ApiError ? caught : new ApiError(0, 'error', String(caught)));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!hook || !window.confirm(`Delete the hook ${hook.name}? Its deliveries stay in the log.`)) return;
    try {
      await deleteHook(hook.id);
    } catch (caught) {
      setServerError(caught instanceof ApiError ? caught : new ApiError(0, 'error', String(caught)));
    }
  };

  const customDataDiagnostics = useMemo<Diagnostic[]>(
    () => (problems['customData'] ? [{ from: 0, to: 0, severity: 'error', message: problems['customData'] }] : []),
    [problems],
  );
  const optionKeys = Object.keys(optionSchemas(provider).properties);
  const blamed = serverError?.field;
  const unplaced =
    serverError && (!blamed || ![...FIELDS, ...MORE_FIELDS].some((field) => blamed === field || blamed.startsWith(`${field}.`)));
  const placedOption = blamed?.startsWith('providerOptions') && optionKeys.length === 0;

  return (
    <form className="panel grid-form hook-editor" aria-label="Hook editor" onSubmit={(event) => void save(event)} noValidate>
      <div className="row span">
        <h2>{hook ? `Edit ${hook.name}` : 'New hook'}</h2>
        {hook && <HookStatusNote hook={hook} />}
        <span className="spacer" />
        <button type="button" className="button small" onClick={() => editHook(null)}>
          Close
        </button>
      </div>
      <Field id="hook-name" label="Name" error={errorOf('name')} hint={hook ? undefined : 'Left empty, the URL’s host is used.'}>
        <input value={draft.name} onChange={(event) => change({ name: event.target.value })} {...described('hook-name', errorOf('name'))} />
      </Field>
      <Field id="hook-url" label="URL" required error={errorOf('url')} hint="Where deliveries go: a receiver, or an inbox URL to see them.">
        <input
          className="mono"
          list="hook-url-inboxes"
          value={draft.url}
          placeholder="https://example.com/webhooks"
          aria-required
          onChange={(event) => change({ url: event.target.value })}
          {...described('hook-url', errorOf('url'), true)}
        />
        <datalist id="hook-url-inboxes">
          {inboxes.map((inbox) => (
            <option key={inbox.id} value={inbox.url} label={inbox.name} />
          ))}
        </datalist>
      </Field>
      <Field id="hook-provider" label="Provider" error={errorOf('provider')} hint={provider?.description}>
        <select
          value={draft.provider}
          onChange={(event) => chooseProvider(event.target.value)}
          {...described('hook-provider', errorOf('provider'), true)}
        >
          {providers.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
      </Field>
      <EventsField provider={provider} events={draft.events} error={errorOf('events')} onChange={(events) => change({ events })} />
      <Field id="hook-method" label="Method" error={errorOf('method')}>
        <select
          value={draft.method}
          onChange={(event) => change({ method: event.target.value as Hook['method'] })}
          {...described('hook-method', errorOf('method'))}
        >
          {HTTP_METHODS.map((method) => (
            <option key={method}>{method}</option>
          ))}
        </select>
      </Field>
      <Field id="hook-format" label="Body format" error={errorOf('format')}>
        <select
          value={draft.format}
          onChange={(event) => change({ format: event.target.value as Hook['format'] })}
          {...described('hook-format', errorOf('format'))}
        >
          <option value="json">JSON</option>
          <option value="form">Form (application/x-www-form-urlencoded)</option>
        </select>
      </Field>
      <HeadersField rows={draft.headers} error={errorOf('headers')} onChange={(headers) => change({ headers })} />
      <span className="label">Custom data</span>
      <div className="stack">
        <CodeView
          value={draft.customData}
          onChange={(customData) => change({ customData })}
          diagnostics={customDataDiagnostics}
          label="Custom data (JSON)"
        />
        <FieldNotes id="hook-custom-data" error={errorOf('customData')} hint="A JSON object merged into every payload this hook sends." />
      </div>
      <SecretField
        hook={hook}
        secret={draft.secret}
        generates={provider?.hookDefaults.generatesSecret ?? true}
        error={errorOf('secret')}
        onChange={(secret) => setDraft((current) => ({ ...current, secret }))}
      />
      <RetryField
        preset={draft.retryPreset}
        schedule={draft.retrySchedule}
        error={errorOf('retry')}
        onChange={(retryPreset, retrySchedule) => change({ retryPreset, retrySchedule })}
      />
      <Field id="hook-timeout" label="Timeout (ms)" error={errorOf('timeoutMs')}>
        <input
          type="number"
          min={100}
          max={120000}
          value={draft.timeoutMs}
          onChange={(event) => change({ timeoutMs: event.target.value })}
          {...described('hook-timeout', errorOf('timeoutMs'))}
        />
      </Field>
      <Field
        id="hook-auto-disable"
        label="Disable after failures in a row"
        error={errorOf('autoDisableAfter')}
        hint="0 never disables the hook."
      >
        <input
          type="number"
          min={0}
          max={1000}
          value={draft.autoDisableAfter}
          onChange={(event) => change({ autoDisableAfter: event.target.value })}
          {...described('hook-auto-disable', errorOf('autoDisableAfter'), true)}
        />
      </Field>
      <Field id="hook-enabled" label="Enabled" error={errorOf('enabled')}>
        <input
          type="checkbox"
          className="check-input"
          checked={draft.enabled}
          onChange={(event) => change({ enabled: event.target.checked })}
          {...described('hook-enabled', errorOf('enabled'))}
        />
      </Field>
      <ProviderOptionsFields
        provider={provider}
        values={draft.providerOptions}
        errorOf={errorOf}
        onChange={(providerOptions) => change({ providerOptions })}
      />
      {(unplaced || placedOption) && (
        <p className="field-error span" role="alert">
          {serverError?.message}
        </p>
      )}
      <div className="row span">
        <button type="submit" className="button primary" disabled={busy}>
          {hook ? 'Save hook' : 'Create hook'}
        </button>
        {hook && (
          <button type="button" className="button danger" onClick={() => void remove()}>
            Delete hook
          </button>
        )}
        <span role="status" className="muted">
          {saved ? (hook ? 'Saved.' : '') : Object.keys(problems).length > 0 ? 'Fix the fields marked above.' : ''}
        </span>
      </div>
    </form>
  );
}

function HookStatusNote({ hook }: { hook: Hook }) {
  const status = statusOf(hook);
  return <span className={`hook-status ${status.kind}`}>{status.label}</span>;
}
