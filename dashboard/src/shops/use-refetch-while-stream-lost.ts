import { useCallback, useEffect, useState } from 'react';

/**
 * The fallback of the live publish state: once a page's stream is lost (`onStreamLost`), it
 * asks again every `afterMs` while something is still publishing. `answer` is the last
 * answer, so each one arms the next ask.
 */
export function useRefetchWhileStreamLost(publishing: boolean, refetch: () => void, afterMs: number, answer: unknown): () => void {
  const [lost, setLost] = useState(false);
  useEffect(() => {
    if (!publishing || !lost) return;
    const timer = setTimeout(refetch, afterMs);
    return () => clearTimeout(timer);
  }, [answer, publishing, lost, refetch, afterMs]);
  return useCallback(() => setLost(true), []);
}
