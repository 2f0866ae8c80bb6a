import { useEffect, useState } from 'preact/hooks';
import { ConfirmDialog } from '../components/dialog.tsx';
import { Badge, Card, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { api, errorText } from '../lib/api.ts';
import { ago } from '../lib/format.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { toast } from '../lib/toasts.ts';
import type { User } from '../lib/types.ts';
import { SmtpForm, type SmtpSettings } from './settings/smtp-form.tsx';
import { SmtpTest } from './settings/smtp-test.tsx';

const SOURCE: Record<SmtpSettings['source'], string> = {
  database: 'Settings saved here', environment: 'From the SMTP_* environment variables', none: 'Not configured: no email is sent',
};

/** Settings → Email: the SMTP server notifications and email channels send through, with a test email. */
export function SmtpPage({ user }: { user: User }) {
  useTitle('Email (SMTP)');
  const loaded = useAsync((signal) => api<SmtpSettings>('integrations/smtp/', { signal }), []);
  const [settings, setSettings] = useState<SmtpSettings | null>(null);
  const [version, setVersion] = useState(0);
  const [confirm, setConfirm] = useState(false);
  useEffect(() => { if (loaded.data) setSettings(loaded.data); }, [loaded.data]);
  const remove = async () => {
    try {
      await api('integrations/smtp/', { method: 'DELETE' });
      toast({ title: 'Stored SMTP settings removed', type: 'success' });
      setConfirm(false);
      setVersion((v) => v + 1);
      loaded.reload();
    } catch (e) {
      toast({ title: 'Could not remove the settings', message: errorText(e), type: 'error' });
    }
  };
  return (
    <>
      <PageHeader title="Email (SMTP)" />
      {loaded.error && !settings ? <ErrorState error={loaded.error} retry={loaded.reload} />
        : !settings ? <Loading />
        : (
          <>
            <Card title="SMTP server" actions={settings.source === 'database' ? <button type="button" class="btn small danger" onClick={() => setConfirm(true)}>Remove stored settings</button> : undefined}>
              <p class="small" data-testid="smtp-source">
                <Badge tone={settings.source === 'none' ? 'muted' : settings.enabled ? 'ok' : 'warning'}>{settings.source === 'none' ? 'off' : settings.enabled ? 'on' : 'disabled'}</Badge>{' '}
                {SOURCE[settings.source]}
                {settings.last_tested_at && <> · last test {ago(settings.last_tested_at)}: {settings.last_test_ok ? 'delivered' : 'failed'}</>}
              </p>
              <SmtpForm key={`${version}-${settings.source}`} settings={settings} onSaved={(s) => { setSettings(s); setVersion((v) => v + 1); }} />
            </Card>
            {settings.source !== 'none' && (
              <Card title="Test" class="checks-card"><SmtpTest defaultTo={user.email} onTested={loaded.reload} /></Card>
            )}
          </>
        )}
      {confirm && <ConfirmDialog title="Remove stored settings" confirm="Remove" onClose={() => setConfirm(false)} onConfirm={() => void remove()}
        message="The SMTP_* environment variables apply again; without them no email is sent." />}
    </>
  );
}
