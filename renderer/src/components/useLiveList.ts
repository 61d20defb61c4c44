import { useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

/** Rows of the live lists are all this tall, which keeps anchoring exact. */
export const ROW_HEIGHT = 30;

/**
 * A newest-first list that grows at the top while the user reads it (captures, deliveries):
 * only visible rows are rendered, arrivals above do not move the rows in view once the user
 * has scrolled, and up/down move the selection.
 */
export function useLiveList<T extends { id: string }>(items: T[], selectedId: string | null, select: (id: string) => void) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });

  const firstId = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    const element = scroller.current;
    const previous = firstId.current;
    firstId.current = items[0]?.id;
    if (!element || !previous || element.scrollTop === 0) return;
    const added = items.findIndex((item) => item.id === previous);
    if (added > 0) element.scrollTop += added * ROW_HEIGHT;
  }, [items]);

  /** Handles up/down; answers whether the key was used. */
  const moveSelection = (event: KeyboardEvent): boolean => {
    const index = items.findIndex((item) => item.id === selectedId);
    const next = event.key === 'ArrowDown' ? index + 1 : event.key === 'ArrowUp' ? index - 1 : -2;
    if (next === -2 || next < 0 || next >= items.length) return false;
    event.preventDefault();
    select(items[next]!.id);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    return true;
  };

  return { scroller, virtualizer, moveSelection };
}
