import type { ComponentChildren } from 'preact';
import { useStore } from '../lib/store.ts';
import { theme, toggleTheme } from '../lib/theme.ts';
import { Icon } from '../components/icons.tsx';

/** The centred card of the sign-in and first-run pages. */
export function AuthFrame({ title, children, intro }: { title: string; children: ComponentChildren; intro?: ComponentChildren }) {
  const current = useStore(theme);
  return (
    <main class="auth-page" id="main">
      <button type="button" class="icon-btn theme-corner" onClick={toggleTheme} aria-label={current === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}>
        <Icon name={current === 'dark' ? 'sun' : 'moon'} />
      </button>
      <div class="auth-card">
        <div class="auth-brand"><img src="/favicon.svg" alt="" width="40" height="40" /><span>Everyst</span></div>
        <h1>{title}</h1>
        {intro}
        {children}
      </div>
    </main>
  );
}
