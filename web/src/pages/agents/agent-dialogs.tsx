import { useState } from 'preact/hooks';
import { Dialog } from '../../components/dialog.tsx';
import { Field, FormError } from '../../components/ui.tsx';
import { ApiError, formLevelError } from '../../lib/api.ts';
import { agentCommand, registerAgent, updateAgent, type Agent, type AgentWithToken } from '../../lib/agents.ts';

const tagList = (text: string) => [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];

/** Registers an agent (name and tags) or edits one; a new agent's token comes back in `onSaved`. */
export function AgentDialog({ agent, onClose, onSaved }: { agent?: Agent; onClose: () => void; onSaved: (saved: Agent | AgentWithToken) => void }) {
  const [name, setName] = useState(agent?.name ?? '');
  const [tags, setTags] = useState(agent?.tags.join(', ') ?? '');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const local = name.trim() ? undefined : 'Enter a name.';
  const fieldError = (key: 'name' | 'tags') => (key === 'name' && checked ? local : undefined) ?? (error instanceof ApiError ? error.field(key) : undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    setChecked(true);
    if (local) return;
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), tags: tagList(tags) };
      onSaved(agent ? await updateAgent(agent.id, body) : await registerAgent(body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const title = agent ? `Edit ${agent.name}` : 'Register agent';
  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Field label="Name" value={name} onValue={setName} error={fieldError('name')} hint="How the host is called on the dashboard, e.g. web-1." />
        <Field label="Tags" value={tags} onValue={setTags} error={fieldError('tags')} hint="Optional, separated by commas." />
        <FormError error={formLevelError(error, ['name', 'tags'])} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy}>{agent ? 'Save' : 'Register agent'}</button>
        </div>
      </form>
    </Dialog>
  );
}

/** The token of a new or rotated agent: shown this once, with the command that starts the agent. */
export function TokenDialog({ agent, onClose }: { agent: AgentWithToken; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(agent.token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Dialog title={`Token of ${agent.name}`} onClose={onClose} wide>
      <p>Copy the token now: <strong>it is not shown again</strong> (the server keeps only its hash).</p>
      <div class="token-box">
        <code data-testid="agent-token">{agent.token}</code>
        <button type="button" class="btn small" onClick={() => void copy()}>{copied ? 'Copied' : 'Copy'}</button>
      </div>
      <p class="muted small">On the other host, write it into a file only the agent's user can read, then start the agent:</p>
      <pre class="command">{agentCommand(location.origin)}</pre>
      <div class="dialog-actions">
        <button type="button" class="btn primary" onClick={onClose}>Done</button>
      </div>
    </Dialog>
  );
}
