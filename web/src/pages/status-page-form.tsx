import { useState } from 'preact/hooks';
import { Dialog } from '../components/dialog.tsx';
import { MonitorPicker } from '../components/monitor-picker.tsx';
import { Field, FormError, TextArea } from '../components/ui.tsx';
import { api, ApiError, formLevelError } from '../lib/api.ts';
import type { Monitor, StatusPage } from '../lib/monitors.ts';
import { toast } from '../lib/toasts.ts';

const FIELDS = ['slug', 'title', 'description', 'monitors', 'published', 'show_response_times', 'footer'];

/** Creates or edits a status page (monitoring.md §4); its monitors are shown in the order chosen here. */
export function StatusPageDialog({ page, monitors, onClose, onSaved }: { page?: StatusPage; monitors: Monitor[]; onClose: () => void; onSaved: (p: StatusPage) => void }) {
  const [form, setForm] = useState<StatusPage>(() => ({
    slug: page?.slug ?? '', title: page?.title ?? '', description: page?.description ?? '', monitors: page?.monitors ?? [],
    published: page?.published ?? false, show_response_times: page?.show_response_times ?? false, footer: page?.footer ?? '',
  }));
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = <K extends keyof StatusPage>(key: K) => (value: StatusPage[K]) => setForm((f) => ({ ...f, [key]: value }));
  const local: Record<string, string> = {};
  if (!/^[a-z0-9-]{3,64}$/.test(form.slug)) local.slug = '3–64 lowercase letters, digits and dashes.';
  if (!form.title.trim()) local.title = 'Enter a title.';
  const fieldError = (key: string) => (checked ? local[key] : undefined) ?? (error instanceof ApiError ? error.field(key) : undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    setChecked(true);
    if (Object.keys(local).length) return;
    setError(null);
    try {
      const saved = await api<StatusPage>(page ? `status-pages/${page.slug}/` : 'status-pages/', { method: page ? 'PATCH' : 'POST', body: { ...form, title: form.title.trim() } });
      toast({ title: 'Status page saved', message: saved.title, type: 'success' });
      onSaved(saved);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Dialog title={page ? `Edit ${page.title}` : 'New status page'} onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        <div class="field-row">
          <Field label="Title" value={form.title} onValue={set('title')} error={fieldError('title')} />
          <Field label="Slug" value={form.slug} onValue={(v) => set('slug')(v.toLowerCase())} error={fieldError('slug')} hint={`Public address: /status/${form.slug || '…'}`} autoCapitalize="off" spellcheck={false} />
        </div>
        <TextArea label="Description" value={form.description} onValue={set('description')} error={fieldError('description')} rows={2} />
        <MonitorPicker label="Monitors on the page" ordered monitors={monitors} selected={form.monitors} onChange={set('monitors')} error={fieldError('monitors')} />
        <Field label="Footer" value={form.footer} onValue={set('footer')} error={fieldError('footer')} />
        <label class="check"><input type="checkbox" checked={form.published} onChange={(e) => set('published')(e.currentTarget.checked)} /> Published (anyone with the link can see it)</label>
        <label class="check"><input type="checkbox" checked={form.show_response_times} onChange={(e) => set('show_response_times')(e.currentTarget.checked)} /> Show response times</label>
        <FormError error={formLevelError(error, FIELDS)} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary">Save</button>
        </div>
      </form>
    </Dialog>
  );
}
