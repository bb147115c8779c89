import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { createTokenStore } from '../session/token-store';
import './explorer.css';

// GraphiQL and its editor are megabytes: the page says it is loading while they arrive.
const ExplorerPage = lazy(() => import('./explorer-page'));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Suspense fallback={<p role="status">Loading the schema explorer…</p>}>
      <ExplorerPage token={createTokenStore(sessionStorage).get()} />
    </Suspense>
  </StrictMode>,
);
