import { createStore, useStore } from './store.ts';

/** Client-side routing on the History API; the server answers every such path with index.html. */
export const currentPath = createStore(window.location.pathname);

export function navigate(path: string, replace = false): void {
  if (path === window.location.pathname) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  currentPath.set(window.location.pathname);
}

window.addEventListener('popstate', () => currentPath.set(window.location.pathname));

export function usePath(): string {
  return useStore(currentPath);
}

/** Click handler for `<a href>` links: navigates in-app unless a modifier asks for a new tab. */
export function linkClick(e: MouseEvent): void {
  const a = e.currentTarget as HTMLAnchorElement;
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || a.target) return;
  e.preventDefault();
  navigate(a.pathname);
}
