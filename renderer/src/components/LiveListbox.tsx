import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';
import { ROW_HEIGHT } from './useLiveList.js';

interface LiveListboxProps<T extends { id: string }> {
  items: T[];
  /** From useLiveList. */
  scroller: RefObject<HTMLDivElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  label: string;
  /** Each option's element id is `<idPrefix>-<item id>`. */
  idPrefix: string;
  /** The class of each row, beside `live-row`. */
  rowClass: string;
  selectedId: string | null;
  onSelect(id: string): void;
  onKeyDown(event: KeyboardEvent): void;
  /** A row's cells. */
  row(item: T): ReactNode;
  /** Below the rows, inside the scroller (a loading note). */
  children?: ReactNode;
}

/** The rows of a live list (captures, deliveries): a listbox of which only the visible options are rendered. */
export function LiveListbox<T extends { id: string }>(props: LiveListboxProps<T>) {
  const { items, scroller, virtualizer, label, idPrefix, rowClass, selectedId, onSelect, onKeyDown, row, children } = props;
  const visible = virtualizer.getVirtualItems();
  // Only a row that is rendered can be the active one.
  const selectedShown = selectedId !== null && visible.some((item) => items[item.index]?.id === selectedId);
  return (
    <div
      ref={scroller}
      className="rows"
      role="listbox"
      aria-label={label}
      aria-activedescendant={selectedShown ? `${idPrefix}-${selectedId}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {visible.map((virtual) => {
          const item = items[virtual.index]!;
          return (
            <div
              key={item.id}
              id={`${idPrefix}-${item.id}`}
              role="option"
              aria-selected={item.id === selectedId}
              className={`live-row ${rowClass}`}
              style={{ transform: `translateY(${virtual.start}px)`, height: ROW_HEIGHT }}
              onClick={() => onSelect(item.id)}
            >
              {row(item)}
            </div>
          );
        })}
      </div>
      {children}
    </div>
  );
}
