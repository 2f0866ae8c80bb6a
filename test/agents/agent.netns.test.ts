/**
 * An agent on "another host": a network namespace of its own, reaching the server over the test veth pair
 * (10.213.230.0/24). The server listens on the root side's address only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { registerOwner, type Session } from '../helpers/factories.js';
import { createTestNetwork, describeNetns, type TestNetwork } from '../helpers/netns.js';
import { connectSocketAt, type TestSocket } from '../metrics/helpers.js';
import { api, waitFor, type Json } from '../metrics/helpers.js';
import { startAgent, waitForLog, type AgentProcess } from './helpers.js';

const SUBNET = 230;

describeNetns('an agent in a network namespace (sqlite)', () => {
  let net: TestNetwork;
  let t: TestApp;
  let owner: Session;
  let agent: AgentProcess | undefined;
  let dashboard: TestSocket | undefined;
  let server: string;

  beforeAll(async () => {
    net = await createTestNetwork({ subnet: SUBNET, hosts: [{ octet: 2, mac: '02:5e:c0:e6:00:02' }] });
    t = await createTestApp('sqlite', { API_HOST: net.serverIp, API_PORT: '0' });
    const port = await t.app.listen();
    server = `http://${net.serverIp}:${port}`;
    owner = await registerOwner(t.app);
    dashboard = await connectSocketAt(server, owner.access);
  }, 60_000);
  afterAll(async () => {
    await agent?.stop();
    dashboard?.close();
    await t?.close();
    await net?.destroy();
  });

  it('sends its host\'s metrics over the veth; they reach a dashboard socket and the history', async () => {
    const created = (await api(t.app, 'POST', '/api/agents/', owner, { name: 'ns-host' })).body;
    agent = startAgent(server, created.token, { namespace: net.hosts[0].namespace });
    await waitForLog(agent, 'connected');
    expect((await dashboard!.ack('subscribe_metrics', { host: created.id })).status).toBe('success');
    await waitFor(() => dashboard!.of('metrics_update').some((e) => e.payload.host === created.id), 15_000, 'a metrics_update from the namespace');
    const sample: Json = dashboard!.of('metrics_update').find((e) => e.payload.host === created.id)!.payload;
    // Measured inside the namespace: its eth0 with the namespace's address, not the server's interfaces.
    const eth0 = sample.extended.network.interfaces.find((i: Json) => i.name === 'eth0');
    expect(eth0?.addresses).toContain(`${net.hosts[0].ip}/24`);
    expect(sample.extended.network.interfaces.some((i: Json) => i.addresses.includes(`${net.serverIp}/24`))).toBe(false);
    await t.app.ctx.services.metrics.agentHistory.flushAll();
    expect((await api(t.app, 'GET', `/api/system/metrics/history/?host=${created.id}&range=15m`, owner)).body.count).toBeGreaterThan(0);
  });
});
