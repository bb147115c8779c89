/**
 * The distinct two-character substrings of lower-cased text (by code point, so Hangul
 * syllables count as one character each). A text containing a query contains all of the
 * query's bigrams: the GIN index on them narrows candidates, ILIKE confirms.
 */
export function bigrams(text: string): string[] {
  const chars = Array.from(text.toLowerCase());
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 1) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

/** What `text` is matched against: the name and every menu item name, lower-cased. */
export function searchTextOf(name: string, menuNames: string[]): string {
  return [name, ...menuNames].join('\n').toLowerCase();
}
