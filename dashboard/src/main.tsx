import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createTokenStore } from './session/token-store';
import { messagesFor } from './i18n/messages';
import './styles.css';

const messages = messagesFor(navigator.languages);
document.documentElement.lang = messages === messagesFor(['ko']) ? 'ko' : 'en';
document.title = messages.appTitle;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App tokens={createTokenStore(sessionStorage)} messages={messages} />
  </StrictMode>,
);
