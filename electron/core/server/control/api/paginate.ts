/** Pages an in-memory list that is already sorted newest first by id. */
export function paginate<T extends { id: string }>(items: T[], limit: number, cursor?: string): { items: T[]; nextCursor: string | null } {
  const start = cursor === undefined ? 0 : items.findIndex((item) => item.id < cursor);
  const rest = start === -1 ? [] : items.slice(start);
  const page = rest.slice(0, limit);
  return { items: page, nextCursor: rest.length > limit ? page.at(-1)!.id : null };
}
