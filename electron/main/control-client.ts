import type { Inbox } from '../shared/schemas.js';

/** The little the shell asks the control API, over HTTP like every other client. */
export interface ControlAccess {
  controlUrl: string;
  /** Read per call: the token can be rotated while the app runs. */
  token: () => string;
  fetch?: typeof fetch;
}

export const DEFAULT_INBOX_SLUG = 'default';

/** The default inbox's URL, or undefined when the user deleted that inbox. */
export async function defaultInboxUrl(access: ControlAccess): Promise<string | undefined> {
  const doFetch = access.fetch ?? fetch;
  let cursor: string | null = null;
  do {
    const query: string = `limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await doFetch(`${access.controlUrl}/api/inboxes?${query}`, {
      headers: { authorization: `Bearer ${access.token()}` },
    });
    if (!response.ok) throw new Error(`Hookbench's control API answered ${response.status} to the inbox list.`);
    const page = (await response.json()) as { items: Inbox[]; nextCursor: string | null };
    const inbox = page.items.find((item) => item.slug === DEFAULT_INBOX_SLUG);
    if (inbox) return inbox.url;
    cursor = page.nextCursor;
  } while (cursor);
  return undefined;
}
