import { useEffect, type FormEvent } from 'react';
import { useStore } from '../../store/index.js';
import { currentFireProblems, type FireTarget } from '../../store/fire.js';

/** Who gets the event, the "send anyway" choice, and the button that fires it. */
export function FireTargets() {
  const providerId = useStore((state) => state.fireProviderId);
  const type = useStore((state) => state.fireType);
  const provider = useStore((state) => state.providers.find((candidate) => candidate.id === state.fireProviderId));
  const hooks = useStore((state) => state.hooks);
  const target = useStore((state) => state.fireTarget);
  const chosen = useStore((state) => state.fireHookIds);
  const url = useStore((state) => state.fireUrl);
  const anyway = useStore((state) => state.fireAnyway);
  const sending = useStore((state) => state.fireSending);
  const error = useStore((state) => state.fireError);
  const unedited = useStore((state) => state.firePayloadText === state.fireSampleText);
  const invalid = useStore((state) => (currentFireProblems(state)?.length ?? 0) > 0);
  const defaultInboxUrl = useStore((state) => state.inboxes.find((inbox) => inbox.slug === 'default')?.url);
  const { setFireTarget, toggleFireHook, setFireUrl, setFireAnyway, fire } = useStore.getState();

  // The default inbox is the handiest single URL: what it receives shows in Inboxes.
  useEffect(() => {
    if (defaultInboxUrl && !useStore.getState().fireUrl) setFireUrl(defaultInboxUrl);
  }, [defaultInboxUrl, setFireUrl]);

  const own = hooks.filter((hook) => hook.provider === providerId);
  const subscribed = own.filter((hook) => hook.enabled && (hook.events.includes('*') || hook.events.includes(type ?? '')));
  const name = provider?.name ?? providerId;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void fire();
  };
  const choice = (value: FireTarget, label: string) => (
    <label className="fire-choice">
      <input type="radio" name="fire-target" value={value} checked={target === value} onChange={() => setFireTarget(value)} />
      {label}
    </label>
  );
  const field = error?.field ?? '';

  return (
    <form className="panel stack" aria-label="Send" onSubmit={submit}>
      <fieldset className="stack fire-targets">
        <legend>Send to</legend>
        {choice('subscribed', `Subscribed hooks (${subscribed.length} enabled ${name} ${subscribed.length === 1 ? 'hook' : 'hooks'})`)}
        {target === 'subscribed' && subscribed.length === 0 && (
          <p className="muted fire-hint">
            No enabled {name} hook subscribes to {type}: create one in <a href="#/hooks">Hooks</a>, or send to one URL.
          </p>
        )}
        {choice('chosen', 'Chosen hooks')}
        {target === 'chosen' &&
          (own.length === 0 ? (
            <p className="muted fire-hint">
              There is no {name} hook yet: create one in <a href="#/hooks">Hooks</a>.
            </p>
          ) : (
            <ul className="fire-hooks" aria-label={`${name} hooks`}>
              {own.map((hook) => (
                <li key={hook.id}>
                  <label>
                    <input type="checkbox" checked={chosen.includes(hook.id)} onChange={() => toggleFireHook(hook.id)} />
                    {hook.name} <span className="muted mono">{hook.url}</span>
                    {!hook.enabled && <span className="muted"> (disabled)</span>}
                  </label>
                </li>
              ))}
            </ul>
          ))}
        {choice('url', 'One URL')}
        {target === 'url' && (
          <input
            aria-label="Target URL"
            className="mono"
            value={url}
            onChange={(event) => setFireUrl(event.target.value)}
            aria-invalid={field === 'url'}
            placeholder="http://127.0.0.1:…/in/default"
          />
        )}
      </fieldset>
      {provider?.scope && target !== 'url' && (
        <p className="muted fire-hint">
          {unedited
            ? `Unedited, the sample is made afresh for each hook with its ${provider.scope.label.toLowerCase()} filled in.`
            : `An edited payload reaches only the hooks of the ${provider.scope.label.toLowerCase()} it names.`}
        </p>
      )}
      <label className="fire-choice">
        <input type="checkbox" checked={anyway} onChange={(event) => setFireAnyway(event.target.checked)} />
        Send anyway, even if the payload does not match the schema
      </label>
      {error && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
      <div className="row">
        <button
          type="submit"
          className="button primary"
          disabled={sending || (target === 'chosen' && chosen.length === 0) || (target === 'url' && !url.trim())}
        >
          {sending ? 'Firing…' : invalid && anyway ? 'Fire invalid payload' : 'Fire event'}
        </button>
        {invalid && !anyway && <span className="muted">The payload has schema problems: fix them, or tick “Send anyway”.</span>}
      </div>
    </form>
  );
}
