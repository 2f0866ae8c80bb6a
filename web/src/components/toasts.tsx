import { Icon } from './icons.tsx';
import { useStore } from '../lib/store.ts';
import { dismissToast, toasts } from '../lib/toasts.ts';

export function Toasts() {
  const list = useStore(toasts);
  return (
    <div class="toasts" aria-live="polite" aria-relevant="additions">
      {list.map((t) => (
        <div key={t.id} class={`toast toast-${t.type}`}>
          <div>
            <strong>{t.title}</strong>
            {t.message && <p>{t.message}</p>}
          </div>
          <button type="button" class="icon-btn" aria-label="Dismiss" onClick={() => dismissToast(t.id)}><Icon name="close" /></button>
        </div>
      ))}
    </div>
  );
}
