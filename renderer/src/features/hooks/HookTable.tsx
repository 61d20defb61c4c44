import type { KeyboardEvent } from 'react';
import type { Hook } from '../../../../electron/shared/hooks.js';
import { useStore } from '../../store/index.js';
import { deliverySummary, statusOf } from './status.js';

/** Every hook with its status and how its latest delivery went; Enter or a click opens it in the editor. */
export function HookTable() {
  const hooks = useStore((state) => state.hooks);
  const editing = useStore((state) => state.editingHook);
  const editHook = useStore((state) => state.editHook);

  // Up and down move through the rows, as in the other lists.
  const move = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const rows = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button.hook-open')];
    const index = rows.indexOf(document.activeElement as HTMLButtonElement);
    const next = rows[index + (event.key === 'ArrowDown' ? 1 : -1)];
    if (!next) return;
    event.preventDefault();
    next.focus();
  };

  return (
    <table className="hook-table" aria-label="Hooks">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Provider</th>
          <th scope="col">URL</th>
          <th scope="col">Events</th>
          <th scope="col">Status</th>
          <th scope="col">Last delivery</th>
        </tr>
      </thead>
      <tbody onKeyDown={move}>
        {hooks.map((hook) => (
          <HookRow key={hook.id} hook={hook} selected={hook.id === editing} onOpen={() => editHook(hook.id)} />
        ))}
      </tbody>
    </table>
  );
}

function HookRow({ hook, selected, onOpen }: { hook: Hook; selected: boolean; onOpen(): void }) {
  const provider = useStore((state) => state.providers.find((candidate) => candidate.id === hook.provider)?.name ?? hook.provider);
  const last = useStore((state) => state.lastDeliveries[hook.id]);
  const status = statusOf(hook);
  const summary = last ? deliverySummary(last) : null;
  return (
    // The whole row opens the hook; its button is what keyboards and screen readers use.
    <tr className={selected ? 'selected' : undefined} onClick={onOpen}>
      <th scope="row">
        <button type="button" className="hook-open" aria-label={`Edit ${hook.name}`} aria-pressed={selected}>
          {hook.name}
        </button>
      </th>
      <td>{provider}</td>
      <td className="mono url" title={hook.url}>
        {hook.url}
      </td>
      <td>{hook.events.includes('*') ? 'All events' : hook.events.join(', ')}</td>
      <td>
        <span className={`hook-status ${status.kind}`}>{status.label}</span>
        {hook.enabled && hook.consecutiveFailures > 0 && <span className="muted"> ({hook.consecutiveFailures} failed in a row)</span>}
      </td>
      <td>
        {summary ? (
          <span className={`delivery-result ${summary.kind}`}>{summary.text}</span>
        ) : (
          <span className="muted">No delivery yet</span>
        )}
      </td>
    </tr>
  );
}
