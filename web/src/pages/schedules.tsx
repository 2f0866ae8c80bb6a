import { useEffect, useState } from 'preact/hooks';
import { ConfirmDialog } from '../components/dialog.tsx';
import { Card, EmptyState, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { errorText } from '../lib/api.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { deleteSchedule, loadSchedules, type Schedule } from '../lib/inventory.ts';
import { networkVersion } from '../lib/scans.ts';
import { can } from '../lib/session.ts';
import { useStore } from '../lib/store.ts';
import { toast } from '../lib/toasts.ts';
import type { User } from '../lib/types.ts';
import { ReviewQueue } from './inventory/review-queue.tsx';
import { ScheduleDialog } from './inventory/schedule-form.tsx';
import { ScheduleRow } from './inventory/schedule-row.tsx';

/** Scan schedules keep the inventory current; the devices they find wait in the review queue below. */
export function SchedulesPage({ user }: { user: User }) {
  useTitle('Scan schedules');
  const canEdit = can(user, 'can_manage_network');
  const version = useStore(networkVersion);
  const list = useAsync((signal) => loadSchedules(signal), []);
  // Last and next run move on by themselves: the list follows scans and a slow poll.
  useEffect(() => { if (version > 0) list.reload(); }, [version]);
  useEffect(() => {
    const timer = setInterval(list.reload, 15_000);
    return () => clearInterval(timer);
  }, []);
  const [rows, setRows] = useState<Schedule[] | null>(null);
  useEffect(() => { if (list.data) setRows(list.data); }, [list.data]);
  const [dialog, setDialog] = useState<{ kind: 'edit'; schedule?: Schedule } | { kind: 'delete'; schedule: Schedule } | null>(null);
  const saved = () => {
    setDialog(null);
    list.reload();
  };
  const remove = async (s: Schedule) => {
    try {
      await deleteSchedule(s.id);
      toast({ title: 'Schedule deleted', message: s.name, type: 'success' });
      saved();
    } catch (e) {
      toast({ title: 'Could not delete the schedule', message: errorText(e), type: 'error' });
    }
  };
  return (
    <>
      <PageHeader title="Scan schedules">
        {canEdit && <button type="button" class="btn primary" onClick={() => setDialog({ kind: 'edit' })}>Add schedule</button>}
      </PageHeader>
      <Card title="Schedules">
        {list.error && !rows ? <ErrorState error={list.error} retry={list.reload} />
          : !rows ? <Loading />
          : rows.length === 0 ? <EmptyState title="No schedules yet">Everyst never scans on its own: add a schedule to keep the device list current.</EmptyState>
          : (
            <ul class="plain-list windows" data-testid="schedules">
              {rows.map((s) => (
                <ScheduleRow key={s.id} schedule={s} canEdit={canEdit} onChanged={(n) => setRows((r) => r?.map((x) => (x.id === n.id ? n : x)) ?? r)}
                  onEdit={() => setDialog({ kind: 'edit', schedule: s })} onDelete={() => setDialog({ kind: 'delete', schedule: s })} />
              ))}
            </ul>
          )}
      </Card>
      <ReviewQueue canEdit={canEdit} />
      {dialog?.kind === 'edit' && <ScheduleDialog schedule={dialog.schedule} onClose={() => setDialog(null)} onSaved={saved} />}
      {dialog?.kind === 'delete' && <ConfirmDialog title="Delete schedule" confirm="Delete" onClose={() => setDialog(null)} onConfirm={() => void remove(dialog.schedule)}
        message={<>Delete <strong>{dialog.schedule.name}</strong>? A scan it started runs on.</>} />}
    </>
  );
}
