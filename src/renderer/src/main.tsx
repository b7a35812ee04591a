/** Renderer entry: pick the transport (IPC or WebSocket), apply the last theme, mount the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { connect } from './client/connect.ts';
import { EngineProvider } from './client/hooks.tsx';
import { NotifyProvider } from './components/notify.tsx';
import { applyStoredTheme } from './platform/theme.ts';
import './styles.css';

applyStoredTheme();
const transport = connect();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <EngineProvider transport={transport}>
      <NotifyProvider>
        <App />
      </NotifyProvider>
    </EngineProvider>
  </StrictMode>,
);
