import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { linkClick, usePath } from '../lib/router.ts';
import { can, logout } from '../lib/session.ts';
import { socketStatus } from '../lib/socket.ts';
import { useStore } from '../lib/store.ts';
import { theme, toggleTheme } from '../lib/theme.ts';
import type { User } from '../lib/types.ts';
import { Bell } from './bell.tsx';
import { Icon } from './icons.tsx';
import { NAV } from './nav.ts';
import { Toasts } from './toasts.tsx';

function ConnectionDot() {
  const status = useStore(socketStatus);
  const text = { idle: 'Offline', connecting: 'Connecting', connected: 'Live', reconnecting: 'Reconnecting…', disconnected: 'Offline' }[status];
  return <span class={`conn conn-${status}`} role="status" title={`Live updates: ${text}`}><span class="dot" aria-hidden="true" /><span class="conn-text">{text}</span></span>;
}

/** Header, navigation and the page; what a role may not do is not offered. */
export function Shell({ user, children }: { user: User; children: ComponentChildren }) {
  const path = usePath();
  const current = useStore(theme);
  const [menuOpen, setMenuOpen] = useState(false);
  const items = NAV.filter((item) => !item.flag || can(user, item.flag));
  return (
    <div class={`shell ${menuOpen ? 'menu-open' : ''}`}>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="topbar">
        <button type="button" class="icon-btn menu-btn" aria-label="Menu" aria-expanded={menuOpen} onClick={() => setMenuOpen(!menuOpen)}><Icon name="menu" /></button>
        <a class="brand" href="/" onClick={linkClick}><img src="/favicon.svg" alt="" width="24" height="24" />Everyst</a>
        <div class="topbar-right">
          <ConnectionDot />
          <button type="button" class="icon-btn" onClick={toggleTheme} aria-label={current === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
            title={current === 'dark' ? 'Light theme' : 'Dark theme'}><Icon name={current === 'dark' ? 'sun' : 'moon'} /></button>
          <Bell />
          <span class="whoami" title={user.role_details?.display_name ?? user.role}>{user.username} · <span class="muted">{user.role_details?.display_name ?? user.role}</span></span>
          <button type="button" class="btn small" onClick={() => void logout()}>Sign out</button>
        </div>
      </header>
      <nav class="sidebar" aria-label="Main">
        <ul>
          {items.map((item) => {
            const active = item.path === '/' ? path === '/' : path.startsWith(item.path);
            return (
              <li key={item.path}>
                <a href={item.path} aria-current={active ? 'page' : undefined} onClick={(e) => { setMenuOpen(false); linkClick(e); }}>
                  <span class="nav-icon"><Icon name={item.icon} /></span>{item.label}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>{children}</main>
      <Toasts />
    </div>
  );
}
