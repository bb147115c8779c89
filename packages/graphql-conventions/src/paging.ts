/**
 * Walks an id-cursor API page by page: `fetchPage(after)` with the last id of the previous
 * page (null first), until a page comes back empty.
 */
export async function* idPages(fetchPage: (after: string | null) => Promise<string[]>): AsyncGenerator<string[]> {
  for (let after: string | null = null; ; ) {
    const page = await fetchPage(after);
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)!;
  }
}

/** Every id of an id-cursor API. */
export async function allIds(fetchPage: (after: string | null) => Promise<string[]>): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of idPages(fetchPage)) ids.push(...page);
  return ids;
}
