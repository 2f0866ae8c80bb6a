import { render } from 'preact';
import { App } from './app.tsx';
import { startMetricsFeed } from './lib/metrics.ts';
import { startInboxFeed } from './lib/notifications.ts';
import { startNetworkFeed } from './lib/scans.ts';
import { endSession, revokedText, startSession } from './lib/session.ts';
import { onEvent, startRealtime } from './lib/socket.ts';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/monitors.css';

startMetricsFeed();
startInboxFeed();
startNetworkFeed();
onEvent('session_revoked', (p) => endSession(revokedText((p as { reason?: unknown } | undefined)?.reason)));
startRealtime();
void startSession();
render(<App />, document.getElementById('app') as HTMLElement);
