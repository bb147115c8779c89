import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createTokenStore } from './session/token-store';
import { languageFor, messagesFor } from './i18n/messages';
import './styles.css';

const messages = messagesFor(navigator.languages);
// Screen readers pick their voice from it.
document.documentElement.lang = languageFor(navigator.languages);
document.title = messages.appTitle;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App tokens={createTokenStore(sessionStorage)} messages={messages} />
  </StrictMode>,
);
