import { Icon } from './icons.tsx';
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

/**
 * A modal built on the native <dialog>: focus is trapped, Escape closes it and focus returns to the opener.
 * Mount it to open it; `onClose` unmounts it.
 */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => opener?.focus?.();
  }, []);
  return (
    <dialog ref={ref} class={`dialog ${wide ? 'wide' : ''}`} aria-labelledby={titleId} onClose={onClose}
      onClick={(e) => e.target === ref.current && onClose()}>
      <div class="dialog-body">
        <header class="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" class="icon-btn" aria-label="Close" onClick={onClose}><Icon name="close" /></button>
        </header>
        {children}
      </div>
    </dialog>
  );
}

/** Asks before something that cannot be undone. */
export function ConfirmDialog({ title, message, confirm, onConfirm, onClose, busy }: {
  title: string; message: ComponentChildren; confirm: string; onConfirm: () => void; onClose: () => void; busy?: boolean;
}) {
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{message}</p>
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={onClose}>Cancel</button>
        <button type="button" class="btn danger" disabled={busy} onClick={onConfirm}>{confirm}</button>
      </div>
    </Dialog>
  );
}
