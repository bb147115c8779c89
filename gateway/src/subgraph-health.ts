/** Which subgraphs answer /health, for the gateway's /ready details. Never throws. */
export async function subgraphHealth(urls: Record<string, string>): Promise<Record<string, 'up' | 'down'>> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      const health = new URL('/health', url);
      const up = await fetch(health, { signal: AbortSignal.timeout(1000) }).then(
        (response) => response.ok,
        () => false,
      );
      return [name, up ? 'up' : 'down'] as const;
    }),
  );
  return Object.fromEntries(entries);
}
