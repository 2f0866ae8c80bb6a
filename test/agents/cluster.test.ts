/**
 * Two API instances sharing PostgreSQL and a private Redis, an agent connected to the first: its live values reach
 * a dashboard socket on the second, the second answers its current values, a token rotated on the second
 * disconnects it from the first at once, and offline/online are announced once for the cluster.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChannelEvent } from '../../src/realtime/channel-events.js';
import { api, connectSocket, registerOwner, type RecordingSocket } from '../scale/helpers/clients.js';
import { describeScale, sleep, waitFor } from '../scale/helpers/environment.js';
import { startCluster, type Cluster } from '../scale/helpers/instances.js';
import { startRedis, type TestRedis } from '../scale/helpers/redis-server.js';
import { startAgent, waitForLog, type AgentProcess } from './helpers.js';

await describeScale('agents across two instances (postgres, Redis)', () => {
  let redis: TestRedis;
  let cluster: Cluster;
  let a: string;
  let b: string;
  let owner: string;
  let agent: AgentProcess | undefined;
  let dashboard: RecordingSocket | undefined;
  const notices: ChannelEvent[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    cluster = await startCluster(['api-a', 'api-b'], { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(redis.port), AGENT_OFFLINE_AFTER_S: '3' });
    [a, b] = cluster.instances.map((i) => i.url);
    for (const i of cluster.instances) i.app.ctx.bus.on('notify', (e) => notices.push(e));
    owner = await registerOwner(a);
  });
  afterAll(async () => {
    await agent?.stop();
    dashboard?.close();
    await cluster?.close();
    await redis?.stop();
  });

  it('fans live values out to the other instance, which also answers for the agent and revokes it at once', async () => {
    const created = (await api(a, 'POST', '/api/agents/', owner, { name: 'edge-1' })).body;
    agent = startAgent(a, created.token);
    await waitForLog(agent, 'connected');
    const [onA, onB] = cluster.instances.map((i) => i.app.ctx.gateway.io.of('/agents'));
    expect(onA.sockets.size).toBe(1);
    expect(onB.sockets.size).toBe(0);

    dashboard = await connectSocket(b, owner);
    const ack = await dashboard.socket.timeout(5000).emitWithAck('subscribe_metrics', { host: created.id });
    expect(ack.status).toBe('success');
    const pushed = await dashboard.next('metrics_update', (m) => m.host === created.id, 15_000);
    expect(pushed.extended.host.hostname).toBeTruthy();
    await waitFor(async () => (await api(b, 'GET', `/api/system/metrics/current/?host=${created.id}`, owner)).status === 200, 10_000, 'current on B');

    const since = notices.length;
    agent.pause();
    await waitFor(() => notices.slice(since).some((n) => n.event === 'agent.offline'), 20_000, 'agent.offline');
    agent.resume();
    await waitFor(() => notices.slice(since).some((n) => n.event === 'agent.online'), 20_000, 'agent.online');
    await sleep(2000);
    expect(notices.slice(since).filter((n) => n.event === 'agent.offline')).toHaveLength(1);
    expect(notices.slice(since).filter((n) => n.event === 'agent.online')).toHaveLength(1);

    const rotated = await api(b, 'POST', `/api/agents/${created.id}/rotate-token/`, owner, {});
    expect(rotated.status).toBe(200);
    await waitFor(() => onA.sockets.size === 0, 2000, 'the agent disconnected from A');
    await waitFor(() => agent!.logged('connection refused').some((l) => l.error === 'Invalid agent token'), 20_000, 'the old token refused');
  });
});
