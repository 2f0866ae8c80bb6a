import { useEffect, useState } from 'preact/hooks';
import { ConfirmDialog } from '../components/dialog.tsx';
import { Card, EmptyState, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { errorText } from '../lib/api.ts';
import { deleteChannel, loadChannels, loadKinds, type Channel } from '../lib/channels.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { toast } from '../lib/toasts.ts';
import { ChannelDialog } from './channel-form.tsx';
import { ChannelRow } from './channel-row.tsx';

/** Settings → Channels: where notifications go (ntfy, Slack, email, …), each with a test and its deliveries. */
export function ChannelsPage() {
  useTitle('Channels');
  const kinds = useAsync((signal) => loadKinds(signal), []);
  const list = useAsync((signal) => loadChannels(signal), []);
  const [dialog, setDialog] = useState<{ kind: 'edit'; channel?: Channel } | { kind: 'delete'; channel: Channel } | null>(null);
  const [rows, setRows] = useState<Channel[] | null>(null);
  useEffect(() => { if (list.data) setRows(list.data); }, [list.data]);
  const labels = new Map((kinds.data ?? []).map((k) => [k.kind, k.label]));
  const saved = () => {
    setDialog(null);
    list.reload();
  };
  const remove = async (c: Channel) => {
    try {
      await deleteChannel(c.id);
      toast({ title: 'Channel deleted', message: c.name, type: 'success' });
      saved();
    } catch (e) {
      toast({ title: 'Could not delete the channel', message: errorText(e), type: 'error' });
    }
  };
  return (
    <>
      <PageHeader title="Channels">
        <button type="button" class="btn primary" disabled={!kinds.data} onClick={() => setDialog({ kind: 'edit' })}>Add channel</button>
      </PageHeader>
      <Card>
        {list.error && !rows ? <ErrorState error={list.error} retry={list.reload} />
          : kinds.error ? <ErrorState error={kinds.error} retry={kinds.reload} />
          : !rows ? <Loading />
          : rows.length === 0 ? <EmptyState title="No channels yet">Add one to get alerts on a phone (ntfy, Gotify, Pushover, Telegram), in a team chat or by email.</EmptyState>
          : (
            <ul class="plain-list windows" data-testid="channels">
              {rows.map((c) => (
                <ChannelRow key={c.id} channel={c} kindLabel={labels.get(c.kind) ?? c.kind} onChanged={(n) => setRows((r) => r?.map((x) => (x.id === n.id ? n : x)) ?? r)} onTested={list.reload}
                  onEdit={() => setDialog({ kind: 'edit', channel: c })} onDelete={() => setDialog({ kind: 'delete', channel: c })} />
              ))}
            </ul>
          )}
      </Card>
      {dialog?.kind === 'edit' && kinds.data && <ChannelDialog channel={dialog.channel} kinds={kinds.data} onClose={() => setDialog(null)} onSaved={saved} />}
      {dialog?.kind === 'delete' && <ConfirmDialog title="Delete channel" confirm="Delete" onClose={() => setDialog(null)} onConfirm={() => void remove(dialog.channel)}
        message={<>Delete <strong>{dialog.channel.name}</strong>? Its queued deliveries go with it, and monitors and rules stop sending to it.</>} />}
    </>
  );
}
