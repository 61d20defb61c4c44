import { useMemo, useState, type KeyboardEvent } from 'react';
import type { Provider } from '../../../../electron/shared/hooks.js';
import { useStore } from '../../store/index.js';

type EventTypeEntry = Provider['eventTypes'][number];

function matches(eventType: EventTypeEntry, words: string[]): boolean {
  const text = [eventType.type, eventType.name, eventType.description, ...(eventType.aliases ?? [])].join(' ').toLowerCase();
  return words.every((word) => text.includes(word));
}

/** Providers and their event types, searchable by id, name, alias and description. */
export function EventPicker() {
  const providers = useStore((state) => state.providers);
  const providerId = useStore((state) => state.fireProviderId);
  const type = useStore((state) => state.fireType);
  const selectFireType = useStore((state) => state.selectFireType);
  const [shown, setShown] = useState<string>('');
  const [search, setSearch] = useState('');

  const groups = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return providers
      .filter((provider) => !shown || provider.id === shown)
      .map((provider) => ({ provider, types: provider.eventTypes.filter((eventType) => matches(eventType, words)) }))
      .filter((group) => group.types.length > 0);
  }, [providers, shown, search]);
  const described = providers.find((provider) => provider.id === shown);
  // One option is reachable with Tab: the selected one, or the first shown.
  const selectedShown = groups.some(
    (group) => group.provider.id === providerId && group.types.some((eventType) => eventType.type === type),
  );
  const firstShown = groups[0] ? `${groups[0].provider.id}/${groups[0].types[0]?.type}` : '';

  const pickProvider = (id: string) => {
    setShown(id);
    const provider = providers.find((candidate) => candidate.id === id);
    // Choosing a provider also opens its first event, so the editor always matches the choice.
    if (provider?.eventTypes[0] && provider.id !== providerId) selectFireType(provider.id, provider.eventTypes[0].type);
  };

  // Arrow keys move between the options shown, like a native list.
  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const options = [...event.currentTarget.querySelectorAll<HTMLElement>('[role=option]')];
    const index = options.indexOf(document.activeElement as HTMLElement);
    options[Math.max(0, Math.min(options.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  };

  return (
    <aside className="fire-picker" aria-label="Event catalog">
      <h2>Fire an event</h2>
      <label htmlFor="fire-provider">Provider</label>
      <select id="fire-provider" value={shown} onChange={(event) => pickProvider(event.target.value)}>
        <option value="">All providers</option>
        {providers.map((provider) => (
          <option key={provider.id} value={provider.id}>
            {provider.name}
          </option>
        ))}
      </select>
      {described && <p className="muted fire-description">{described.description}</p>}
      <label htmlFor="fire-search">Search events</label>
      <input
        id="fire-search"
        type="search"
        placeholder="e.g. hangup, rank, 3"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {groups.length === 0 ? (
        <p className="muted" role="status">
          No event matches “{search}”. Try another word, or all providers.
        </p>
      ) : (
        <div role="listbox" aria-label="Event types" className="fire-events" onKeyDown={move}>
          {groups.map(({ provider, types }) => (
            <div role="group" key={provider.id} aria-labelledby={`fire-group-${provider.id}`}>
              <div role="presentation" id={`fire-group-${provider.id}`} className="fire-group">
                {provider.name}
              </div>
              {types.map((eventType) => {
                const selected = provider.id === providerId && eventType.type === type;
                const select = () => selectFireType(provider.id, eventType.type);
                return (
                  <div
                    key={eventType.type}
                    role="option"
                    aria-selected={selected}
                    tabIndex={selected || (!selectedShown && firstShown === `${provider.id}/${eventType.type}`) ? 0 : -1}
                    className="fire-event"
                    onClick={select}
                    onKeyDown={(event) => (event.key === 'Enter' || event.key === ' ') && (event.preventDefault(), select())}
                  >
                    <span>
                      <span className="name">{eventType.name}</span> <code>({eventType.type})</code>
                    </span>
                    {eventType.description && <span className="muted description">{eventType.description}</span>}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      )}
    </aside>
  );
}
