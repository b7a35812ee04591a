/**
 * Renderer entry: pick the transport (IPC or WebSocket), apply the last theme, and mount either the
 * whole app or, for `?view=classify`, the compact classify-result page (platform/app-view.ts).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { connect } from './client/connect.ts';
import { EngineProvider } from './client/hooks.tsx';
import { NotifyProvider } from './components/notify.tsx';
import { currentAppView } from './platform/app-view.ts';
import { applyStoredTheme } from './platform/theme.ts';
import { ClassifyWindow } from './views/classify/classify-window.tsx';
import './styles.css';

applyStoredTheme();
const transport = connect();
const view = currentAppView();
if (view === 'classify') document.title = 'Genrescope — Classify genre';
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <EngineProvider transport={transport}>
      <NotifyProvider>{view === 'classify' ? <ClassifyWindow /> : <App />}</NotifyProvider>
    </EngineProvider>
  </StrictMode>,
);
