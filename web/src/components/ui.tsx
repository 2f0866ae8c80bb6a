import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { errorText } from '../lib/api.ts';
import { linkClick } from '../lib/router.ts';

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="page-header">
      <h1>{title}</h1>
      {children && <div class="page-actions">{children}</div>}
    </div>
  );
}

export function Card({ title, children, class: className, actions }: { title?: string; children: ComponentChildren; class?: string; actions?: ComponentChildren }) {
  return (
    <section class={`card ${className ?? ''}`} aria-label={title}>
      {(title || actions) && (
        <header class="card-header">
          {title && <h2>{title}</h2>}
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return <p class="state" role="status"><span class="spinner" aria-hidden="true" /> {label}</p>;
}

export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state empty">
      <p class="state-title">{title}</p>
      {children && <p class="muted">{children}</p>}
    </div>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div class="state error" role="alert">
      <p class="state-title">Could not load this</p>
      <p class="muted">{errorText(error)}</p>
      {retry && <button type="button" class="btn" onClick={retry}>Try again</button>}
    </div>
  );
}

export function Forbidden() {
  return (
    <div class="state forbidden" role="alert" data-testid="forbidden">
      <h1 class="state-title">Access denied</h1>
      <p class="muted">Your role does not allow this page. Ask an administrator if you need it.</p>
      <a class="btn" href="/" onClick={linkClick}>Back to the dashboard</a>
    </div>
  );
}

export function Badge({ tone, children }: { tone: string; children: ComponentChildren }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

const STATUS_TONE: Record<string, string> = { online: 'ok', offline: 'muted', warning: 'warning', error: 'error' };
export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? 'muted'}><span class="dot" aria-hidden="true" />{status}</Badge>;
}

interface InputProps {
  label: string; error?: string; hint?: string; value?: string; onValue?: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'search' | 'datetime-local'; inputMode?: 'numeric' | 'decimal'; name?: string; autoComplete?: 'off' | 'username' | 'email' | 'current-password' | 'new-password' | 'given-name' | 'family-name'; placeholder?: string; maxLength?: number;
  required?: boolean; disabled?: boolean; autoFocus?: boolean; spellcheck?: boolean; autoCapitalize?: 'off' | 'none';
}
/** A labelled input with its validation message; the message is tied to the input for screen readers. */
export function Field({ label, error, hint, onValue, type = 'text', ...rest }: InputProps) {
  const id = useId();
  return (
    <div class={`field ${error ? 'invalid' : ''}`}>
      <label for={id}>{label}</label>
      {/* The union of input types defeats Preact's per-type attribute check; each value is valid. */}
      <input id={id} type={type as 'text'} aria-invalid={error ? true : undefined} aria-describedby={error || hint ? `${id}-msg` : undefined}
        onInput={(e) => onValue?.(e.currentTarget.value)} {...rest} />
      {(error || hint) && <p id={`${id}-msg`} class={error ? 'field-error' : 'hint'}>{error ?? hint}</p>}
    </div>
  );
}

/** A labelled multi-line input, like Field. */
export function TextArea({ label, error, hint, value, onValue, rows = 3, mono }: { label: string; error?: string; hint?: string; value: string; onValue: (v: string) => void; rows?: number; mono?: boolean }) {
  const id = useId();
  return (
    <div class={`field ${error ? 'invalid' : ''}`}>
      <label for={id}>{label}</label>
      <textarea id={id} rows={rows} class={mono ? 'mono' : undefined} value={value} aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-msg` : undefined} onInput={(e) => onValue(e.currentTarget.value)} />
      {(error || hint) && <p id={`${id}-msg`} class={error ? 'field-error' : 'hint'}>{error ?? hint}</p>}
    </div>
  );
}

export function Select({ label, value, options, onValue, disabled, error }: { label: string; value: string; options: Array<[string, string]>; onValue: (v: string) => void; disabled?: boolean; error?: string }) {
  const id = useId();
  return (
    <div class={`field ${error ? 'invalid' : ''}`}>
      <label for={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-msg` : undefined}
        onChange={(e) => onValue(e.currentTarget.value)}>
        {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
      {error && <p id={`${id}-msg`} class="field-error">{error}</p>}
    </div>
  );
}

export function FormError({ error }: { error: unknown }) {
  return error ? <p class="form-error" role="alert">{errorText(error)}</p> : null;
}

/** A horizontal bar for a percentage, coloured by the dashboard's thresholds (≥ 70 warning, ≥ 90 error). */
export function Meter({ value, label }: { value: number; label: string }) {
  const v = Math.max(0, Math.min(100, value));
  const tone = v >= 90 ? 'error' : v >= 70 ? 'warning' : 'ok';
  return (
    <div class={`meter meter-${tone}`} role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={v}>
      <div class="meter-fill" style={{ width: `${v}%` }} />
    </div>
  );
}
