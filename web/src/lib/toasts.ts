import { createStore } from './store.ts';

export interface Toast { id: number; title: string; message?: string | null; type: 'info' | 'success' | 'warning' | 'error' }
export const toasts = createStore<Toast[]>([]);
let next = 1;

/** Shows a short message in the corner; `duration` 0 keeps it until dismissed. */
export function toast(t: Omit<Toast, 'id'>, duration = 5000): void {
  const id = next++;
  toasts.set((list) => [...list.slice(-4), { ...t, id }]);
  if (duration > 0) setTimeout(() => dismissToast(id), duration);
}

export function dismissToast(id: number): void {
  toasts.set((list) => list.filter((t) => t.id !== id));
}
