import { createStore } from './store.ts';

/** Light and dark themes: the system's choice until the user picks one with the toggle. */
export type Theme = 'light' | 'dark';
const media = window.matchMedia('(prefers-color-scheme: dark)');

function saved(): Theme | null {
  try {
    const t = localStorage.getItem('everyst.theme');
    return t === 'light' || t === 'dark' ? t : null;
  } catch {
    return null;
  }
}

export const theme = createStore<Theme>(saved() ?? (media.matches ? 'dark' : 'light'));

media.addEventListener('change', (e) => {
  if (!saved()) theme.set(e.matches ? 'dark' : 'light');
});

export function toggleTheme(): void {
  const next: Theme = theme.get() === 'dark' ? 'light' : 'dark';
  try {
    localStorage.setItem('everyst.theme', next);
  } catch {
    // Without storage the choice lasts until reload.
  }
  document.documentElement.dataset.theme = next;
  theme.set(next);
}
