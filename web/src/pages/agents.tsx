import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../components/dialog.tsx';
import { Card, EmptyState, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { deleteAgent, loadAgents, rotateAgentToken, type Agent, type AgentWithToken } from '../lib/agents.ts';
import { errorText } from '../lib/api.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { watchHost } from '../lib/hosts.ts';
import { navigate } from '../lib/router.ts';
import { can } from '../lib/session.ts';
import { useSocketEvent } from '../lib/socket.ts';
import { toast } from '../lib/toasts.ts';
import type { User } from '../lib/types.ts';
import { AgentCard } from './agents/agent-card.tsx';
import { AgentDialog, TokenDialog } from './agents/agent-dialogs.tsx';

type DialogState =
  | { kind: 'edit'; agent?: Agent }
  | { kind: 'token'; agent: AgentWithToken }
  | { kind: 'rotate' | 'delete'; agent: Agent }
  | null;

/** Agents: every other host that reports to this server, with its status and figures; registering and tokens. */
export function AgentsPage({ user }: { user: User }) {
  useTitle('Agents');
  const list = useAsync((signal) => loadAgents(signal), []);
  useSocketEvent('agent_status', () => list.reload());
  const [dialog, setDialog] = useState<DialogState>(null);
  const manage = can(user, 'can_manage_monitors');
  const done = (next: DialogState = null) => {
    setDialog(next);
    list.reload();
  };
  const act = async (what: string, run: () => Promise<DialogState>) => {
    try {
      done(await run());
    } catch (e) {
      setDialog(null);
      toast({ title: `Could not ${what}`, message: errorText(e), type: 'error' });
    }
  };
  const show = (a: Agent) => {
    watchHost(a.id);
    navigate('/');
  };
  const rows = list.data;
  return (
    <>
      <PageHeader title="Agents">
        {manage && <button type="button" class="btn primary" onClick={() => setDialog({ kind: 'edit' })}>Register agent</button>}
      </PageHeader>
      {list.error && !rows ? <Card><ErrorState error={list.error} retry={list.reload} /></Card>
        : !rows ? <Card><Loading /></Card>
        : rows.length === 0 ? (
          <Card><EmptyState title="No agents yet">Register one, then run <code>everyst agent</code> on the other host: its CPU, memory, disks and network appear here and on the dashboard.</EmptyState></Card>
        ) : (
          <ul class="plain-list agent-grid" data-testid="agents">
            {rows.map((a) => (
              <AgentCard key={a.id} agent={a} actions={{
                onShow: () => show(a),
                ...(manage ? {
                  onEdit: () => setDialog({ kind: 'edit', agent: a }),
                  onRotate: () => setDialog({ kind: 'rotate', agent: a }),
                  onDelete: () => setDialog({ kind: 'delete', agent: a }),
                } : {}),
              }} />
            ))}
          </ul>
        )}
      {dialog?.kind === 'edit' && <AgentDialog agent={dialog.agent} onClose={() => setDialog(null)}
        onSaved={(saved) => done('token' in saved ? { kind: 'token', agent: saved } : null)} />}
      {dialog?.kind === 'token' && <TokenDialog agent={dialog.agent} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'rotate' && <ConfirmDialog title="New token" confirm="Make a new token" onClose={() => setDialog(null)}
        onConfirm={() => void act('make a new token', async () => ({ kind: 'token', agent: await rotateAgentToken(dialog.agent.id) }))}
        message={<>The agent <strong>{dialog.agent.name}</strong> is disconnected at once and connects again only with the new token.</>} />}
      {dialog?.kind === 'delete' && <ConfirmDialog title="Delete agent" confirm="Delete" onClose={() => setDialog(null)}
        onConfirm={() => void act('delete the agent', async () => {
          await deleteAgent(dialog.agent.id);
          toast({ title: 'Agent deleted', message: dialog.agent.name, type: 'success' });
          return null;
        })}
        message={<>Delete <strong>{dialog.agent.name}</strong>? It is disconnected at once; its token stops working.</>} />}
    </>
  );
}
