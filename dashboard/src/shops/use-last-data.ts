import { useState } from 'react';

/**
 * The data of the last answer that had some. urql's useQuery clears `data` when a re-ask fails
 * (a 503 from a busy gateway, a lost connection): a page keeps showing what it had, beside the
 * error's alert, instead of unmounting its forms and what the owner typed in them.
 */
export function useLastData<T>(data: T | undefined): T | undefined {
  const [kept, setKept] = useState(data);
  // Stored during render (React's pattern for remembering a previous value): no extra commit.
  if (data !== undefined && data !== kept) setKept(data);
  return data ?? kept;
}
