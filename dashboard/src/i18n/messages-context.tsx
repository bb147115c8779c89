import { createContext, useContext } from 'react';
import type { Messages } from './messages';

export const MessagesContext = createContext<Messages | null>(null);

/** The words of the language the app was started in (see messagesFor). */
export function useMessages(): Messages {
  const messages = useContext(MessagesContext);
  if (!messages) throw new Error('useMessages needs a MessagesContext provider (App sets one).');
  return messages;
}
