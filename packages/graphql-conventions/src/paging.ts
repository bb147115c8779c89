/**
 * Walks a cursor API page by page: `fetchPage(after)` with the cursor of the previous page's
 * last item (null first), until a page comes back empty.
 */
export async function* cursorPages<T>(fetchPage: (after: string | null) => Promise<T[]>, cursorOf: (item: T) => string): AsyncGenerator<T[]> {
  for (let after: string | null = null; ; ) {
    const page = await fetchPage(after);
    if (page.length === 0) return;
    yield page;
    after = cursorOf(page.at(-1)!);
  }
}

/** Walks an id-cursor API page by page (see `cursorPages`): the last id of a page is the cursor. */
export function idPages(fetchPage: (after: string | null) => Promise<string[]>): AsyncGenerator<string[]> {
  return cursorPages(fetchPage, (id) => id);
}

/** Every id of an id-cursor API. */
export async function allIds(fetchPage: (after: string | null) => Promise<string[]>): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of idPages(fetchPage)) ids.push(...page);
  return ids;
}
