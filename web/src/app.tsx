import { useEffect } from 'preact/hooks';
import { Shell } from './components/shell.tsx';
import { Forbidden, Loading } from './components/ui.tsx';
import { NAV } from './components/nav.ts';
import { loadInbox } from './lib/notifications.ts';
import { linkClick, navigate, usePath } from './lib/router.ts';
import { can, session, startSession, takeOwnerCreated } from './lib/session.ts';
import { useStore } from './lib/store.ts';
import type { User } from './lib/types.ts';
import { AccountPage } from './pages/account.tsx';
import { AgentsPage } from './pages/agents.tsx';
import { AlertRulesPage } from './pages/alert-rules.tsx';
import { ChannelsPage } from './pages/channels.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { DevicePage } from './pages/device.tsx';
import { DevicesPage } from './pages/devices.tsx';
import { HistoryPage } from './pages/history.tsx';
import { LoginPage } from './pages/login.tsx';
import { MaintenancePage } from './pages/maintenance.tsx';
import { MonitorPage } from './pages/monitor.tsx';
import { MonitorsPage } from './pages/monitors.tsx';
import { NetworkPage } from './pages/network.tsx';
import { NotificationsPage } from './pages/notifications.tsx';
import { PrometheusPage } from './pages/prometheus.tsx';
import { PublicStatusPage, publicStatusSlug } from './pages/public-status.tsx';
import { RolesPage } from './pages/roles.tsx';
import { SchedulesPage } from './pages/schedules.tsx';
import { FirstScanPage } from './pages/first-scan.tsx';
import { SecurityPage } from './pages/security.tsx';
import { SetupPage } from './pages/setup.tsx';
import { SmtpPage } from './pages/smtp.tsx';
import { StatusPagesPage } from './pages/status-pages.tsx';
import { ToolsPage } from './pages/tools.tsx';
import { UsersPage } from './pages/users.tsx';

const PAGES: Record<string, (props: { user: User }) => preact.JSX.Element> = {
  '/': DashboardPage,
  '/history': HistoryPage,
  '/agents': AgentsPage,
  '/devices': DevicesPage,
  '/monitors': MonitorsPage,
  '/maintenance': MaintenancePage,
  '/status-pages': StatusPagesPage,
  '/network': NetworkPage,
  '/scan-schedules': SchedulesPage,
  '/tools': ToolsPage,
  '/notifications': NotificationsPage,
  '/settings/alert-rules': AlertRulesPage,
  '/settings/channels': ChannelsPage,
  '/settings/email': SmtpPage,
  '/settings/prometheus': PrometheusPage,
  '/security': SecurityPage,
  '/users': UsersPage,
  '/roles': RolesPage,
  '/account': AccountPage,
  '/welcome': FirstScanPage,
};

let returnTo = '/';

function Routed({ user }: { user: User }) {
  const path = usePath().replace(/\/+$/, '') || '/';
  const Page = PAGES[path];
  const item = NAV.find((n) => n.path === path);
  const monitorId = /^\/monitors\/([^/]+)$/.exec(path)?.[1];
  if (monitorId) return <MonitorPage key={monitorId} user={user} id={decodeURIComponent(monitorId)} />;
  const deviceId = /^\/devices\/([^/]+)$/.exec(path)?.[1];
  if (deviceId) return <DevicePage key={deviceId} user={user} id={decodeURIComponent(deviceId)} />;
  if (!Page) {
    return (
      <div class="state">
        <h1 class="state-title">Page not found</h1>
        <a class="btn" href="/" onClick={linkClick}>Back to the dashboard</a>
      </div>
    );
  }
  if (item?.flag && !can(user, item.flag)) return <Forbidden />;
  return <Page user={user} />;
}

export function App() {
  const state = useStore(session);
  const path = usePath();
  const signedIn = state.status === 'signed-in';
  // A public status page is read signed out too: no sign-in redirect, no shell.
  const publicSlug = publicStatusSlug(path);
  useEffect(() => {
    if (signedIn) void loadInbox();
  }, [signedIn]);
  // Public pages have their own paths; after signing in, go back to the page that asked for it.
  useEffect(() => {
    if (publicSlug) return;
    // The owner was just created: offer a scan schedule before the dashboard.
    if (state.status === 'signed-in' && path === '/setup') navigate(takeOwnerCreated() ? '/welcome' : returnTo, true);
    if (state.status === 'signed-in' && path === '/login') navigate(returnTo, true);
    if (state.status === 'signed-out' && path !== '/login') {
      returnTo = path === '/setup' ? '/' : path;
      navigate('/login', true);
    }
    if (state.status === 'setup' && path !== '/setup') navigate('/setup', true);
  }, [state.status, path]);

  if (publicSlug) return <PublicStatusPage key={publicSlug} slug={publicSlug} />;
  switch (state.status) {
    case 'loading':
      return <div class="center-page"><Loading label="Starting Everyst…" /></div>;
    case 'offline':
      return (
        <div class="center-page">
          <div class="state error" role="alert">
            <p class="state-title">{state.message}</p>
            <button type="button" class="btn" onClick={() => void startSession()}>Try again</button>
          </div>
        </div>
      );
    case 'setup':
      return <SetupPage />;
    case 'signed-out':
      return <LoginPage reason={state.reason} />;
    case 'signed-in':
      return <Shell user={state.user}><Routed user={state.user} /></Shell>;
  }
}
