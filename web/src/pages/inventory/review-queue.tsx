import { useEffect } from 'preact/hooks';
import { Badge, Card, EmptyState, ErrorState, Loading } from '../../components/ui.tsx';
import { useAsync } from '../../lib/hooks.ts';
import { loadGroups, loadReviewQueue } from '../../lib/inventory.ts';
import { networkVersion } from '../../lib/scans.ts';
import { useStore } from '../../lib/store.ts';
import { ReviewRow } from './review-row.tsx';

/** The devices scans found that nobody has acknowledged yet; `hideEmpty` leaves it out while the queue is empty. */
export function ReviewQueue({ canEdit, hideEmpty, onChanged }: { canEdit: boolean; hideEmpty?: boolean; onChanged?: () => void }) {
  const version = useStore(networkVersion);
  const queue = useAsync((signal) => loadReviewQueue(signal), []);
  const groups = useAsync((signal) => loadGroups(signal), []);
  useEffect(() => { if (version > 0) { queue.reload(); groups.reload(); } }, [version]);
  if (hideEmpty && queue.data?.length === 0) return null;
  const done = () => {
    queue.reload();
    groups.reload();
    onChanged?.();
  };
  return (
    <Card title="New devices" class="review-queue" actions={queue.data && queue.data.length > 0 ? <Badge tone="info">{queue.data.length} to review</Badge> : undefined}>
      {queue.error && !queue.data ? <ErrorState error={queue.error} retry={queue.reload} />
        : !queue.data ? <Loading />
        : queue.data.length === 0 ? <EmptyState title="Nothing to review">Devices a scan discovers wait here until someone acknowledges them.</EmptyState>
        : (
          <ul class="plain-list windows" data-testid="review-queue">
            {queue.data.map((d) => <ReviewRow key={d.id} device={d} canEdit={canEdit} groups={(groups.data ?? []).map((g) => g.name)} onDone={done} />)}
          </ul>
        )}
    </Card>
  );
}
