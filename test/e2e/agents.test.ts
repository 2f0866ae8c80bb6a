/**
 * Agents in headless Chromium: registering an agent shows its token once; a real `everyst agent` process started
 * with it appears online with figures; the dashboard switched to it shows the agent's live samples only (they stop
 * when the agent is paused, and the host goes offline); the history page reads the chosen host; an alert rule
 * scoped to the agent from the rule form opens for it; a new token disconnects the agent until it has the new one;
 * delete; a viewer gets the overview without the actions. Everything on 127.0.0.1.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, waitForLog, type AgentProcess } from '../agents/helpers.js';
import { bearer, createUser, OWNER_PASSWORD, registerOwner, USER_PASSWORD, type Session } from '../helpers/factories.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';
import { openFromNav, pageErrors, signIn } from './helpers/ui.js';

const skip = browserSkipReason();
if (skip) console.warn(`[skip] agents browser tests: ${skip}`);

const LIVE = { timeout: 20_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip !== null)('dashboard: agents', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let owner: Session;
  let agent: AgentProcess | undefined;
  let token = '';

  const card = (name: string) => page.getByTestId('agents').locator(`li[data-agent="${name}"]`);
  const hostSelect = () => page.getByRole('combobox', { name: 'Host' });
  const metricsTime = () => page.getByTestId('metrics-time').getAttribute('datetime');
  const agents = async () => {
    const res = await server.t.app.http.inject({ method: 'GET', url: '/api/agents/', headers: bearer(owner) });
    return (res.json() as { results: Array<Record<string, unknown>> }).results;
  };

  beforeAll(async () => {
    server = await startServer({ AGENT_OFFLINE_AFTER_S: '3' });
    owner = await registerOwner(server.t.app, 'nina');
    await createUser(server.t.app, owner, 'vic', 'viewer');
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
    await signIn(page, server.url, 'nina', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await agent?.stop();
    await browser?.close();
    await server?.close();
  });

  it('registers an agent and shows its token once, with the command to start it', async () => {
    // No agent yet: the dashboard offers no host switcher.
    expect(await hostSelect().count()).toBe(0);
    await openFromNav(page, 'Agents');
    await page.getByText('No agents yet').waitFor();
    await page.getByRole('button', { name: 'Register agent' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register agent' });
    await dialog.getByRole('button', { name: 'Register agent' }).click();
    await dialog.getByText('Enter a name.').waitFor();
    expect(await agents()).toEqual([]);
    await dialog.getByLabel('Name').fill('lab-1');
    await dialog.getByLabel('Tags').fill('lab, rack 2');
    await dialog.getByRole('button', { name: 'Register agent' }).click();
    const tokenDialog = page.getByRole('dialog', { name: 'Token of lab-1' });
    token = (await tokenDialog.getByTestId('agent-token').textContent()) ?? '';
    expect(token).toMatch(/^eva_/);
    expect(await tokenDialog.locator('pre.command').textContent()).toBe(`everyst agent --server ${server.url} --token-file /etc/everyst/agent.token`);
    await screenshot(page, 'agents-token');
    await tokenDialog.getByRole('button', { name: 'Done' }).click();
    await card('lab-1').getByText('never connected').waitFor();
    expect(await card('lab-1').textContent()).toContain('rack 2');
    expect(await agents()).toEqual([expect.objectContaining({ name: 'lab-1', tags: ['lab', 'rack 2'], online: false })]);
    // A second registration with the same name is refused next to the field.
    await page.getByRole('button', { name: 'Register agent' }).click();
    const again = page.getByRole('dialog', { name: 'Register agent' });
    await again.getByLabel('Name').fill('LAB-1');
    await again.getByRole('button', { name: 'Register agent' }).click();
    await again.getByText('An agent with this name already exists.').waitFor();
    await again.getByRole('button', { name: 'Cancel' }).click();
    expect(await agents()).toHaveLength(1);
  });

  it('shows a running agent online with its figures', async () => {
    agent = startAgent(server.url, token);
    await waitForLog(agent, 'connected');
    await card('lab-1').getByText('online', { exact: true }).waitFor(LIVE);
    await expect.poll(() => card('lab-1').locator('.agent-figure strong').first().textContent(), LIVE).toMatch(/%/);
    expect(await card('lab-1').getByTestId('agent-facts').textContent()).toContain('Everyst');
    await screenshot(page, 'agents-overview');
  });

  it('switches the dashboard to the agent: its live samples only, then offline when it falls silent', async () => {
    await card('lab-1').getByRole('button', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const id = String((await agents())[0].id);
    expect(await hostSelect().inputValue()).toBe(id);
    // The agent samples every 0.5 s: the time moves on quickly.
    const first = await metricsTime();
    await expect.poll(metricsTime, LIVE).not.toBe(first);
    await screenshot(page, 'dashboard-agent');
    // Paused, the agent sends nothing: the page shows no sample of this server's own host meanwhile.
    agent!.pause();
    await sleep(1500);
    const frozen = await metricsTime();
    await sleep(3000);
    expect(await metricsTime()).toBe(frozen);
    await page.locator('.host-switcher').getByText('offline', { exact: true }).waitFor(LIVE);
    expect(await hostSelect().locator('option:checked').textContent()).toBe('lab-1 (offline)');
    agent!.resume();
    await page.locator('.host-switcher').getByText('online', { exact: true }).waitFor(LIVE);
    // Back to this server: its own samples.
    await hostSelect().selectOption('');
    await expect.poll(metricsTime, LIVE).not.toBe(frozen);
    const ownTime = await metricsTime();
    await expect.poll(metricsTime, LIVE).not.toBe(ownTime);
  });

  it('reads the history of the chosen host', async () => {
    const id = String((await agents())[0].id);
    await hostSelect().selectOption(id);
    const request = page.waitForRequest((r) => r.url().includes('/api/system/metrics/history/') && r.url().includes(`host=${id}`));
    await openFromNav(page, 'History');
    await request;
    expect(await hostSelect().inputValue()).toBe(id);
    await hostSelect().selectOption('');
  });

  it('scopes an alert rule to the agent from the rule form, and the agent\'s alert names it', async () => {
    const id = String((await agents())[0].id);
    await openFromNav(page, 'Alert rules');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add alert rule' });
    await dialog.getByLabel('Name', { exact: true }).fill('Memory on lab-1');
    await dialog.getByLabel('Metric').selectOption('memory_usage');
    await dialog.getByLabel('Warning threshold (%)').fill('0.001');
    const hosts = dialog.getByRole('group', { name: 'Hosts' });
    await hosts.getByText('None chosen: the rule covers every host, agents included.').waitFor();
    await hosts.getByLabel('lab-1').check();
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    await dialog.waitFor({ state: 'detached' });
    const rules = await server.t.app.http.inject({ method: 'GET', url: '/api/alert-rules/?page_size=100', headers: bearer(owner) });
    const rule = (rules.json() as { results: Array<Record<string, unknown>> }).results.find((r) => r.name === 'Memory on lab-1');
    expect(rule?.hosts).toEqual([id]);
    const open = async () => {
      const res = await server.t.app.http.inject({ method: 'GET', url: '/api/alerts/?active=true&page_size=100', headers: bearer(owner) });
      return (res.json() as { results: Array<Record<string, unknown>> }).results.filter((a) => a.rule === rule!.id).map((a) => [a.host, a.title]);
    };
    await expect.poll(open, { timeout: 40_000, interval: 1000 }).toEqual([[id, 'High Memory Usage on lab-1']]);
    await server.t.app.http.inject({ method: 'DELETE', url: `/api/alert-rules/${String(rule!.id)}/`, headers: bearer(owner) });
  });

  it('a new token disconnects the agent until it has it; delete removes the agent', async () => {
    await openFromNav(page, 'Agents');
    await card('lab-1').getByRole('button', { name: 'New token for lab-1' }).click();
    await page.getByRole('dialog', { name: 'New token' }).getByRole('button', { name: 'Make a new token' }).click();
    const tokenDialog = page.getByRole('dialog', { name: 'Token of lab-1' });
    const rotated = (await tokenDialog.getByTestId('agent-token').textContent()) ?? '';
    expect(rotated).toMatch(/^eva_/);
    expect(rotated).not.toBe(token);
    await tokenDialog.getByRole('button', { name: 'Done' }).click();
    await waitForLog(agent!, 'connection refused');
    await card('lab-1').getByText('offline', { exact: true }).waitFor(LIVE);
    agent!.writeToken(rotated);
    await card('lab-1').getByText('online', { exact: true }).waitFor({ timeout: 60_000 });

    await card('lab-1').getByRole('button', { name: 'Delete lab-1' }).click();
    await page.getByRole('dialog', { name: 'Delete agent' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No agents yet').waitFor();
    expect(await agents()).toEqual([]);
    await waitForLog(agent!, 'connection refused', 2);
    expect(errors).toEqual([]);
  });

  it('gives a viewer the overview without registering or tokens', async () => {
    const res = await server.t.app.http.inject({ method: 'POST', url: '/api/agents/', headers: bearer(owner), payload: { name: 'lab-2' } });
    expect(res.statusCode).toBe(201);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, server.url, 'vic', USER_PASSWORD);
    await openFromNav(page, 'Agents');
    await card('lab-2').getByText('never connected').waitFor();
    expect(await page.getByRole('button', { name: 'Register agent' }).count()).toBe(0);
    expect(await card('lab-2').getByRole('button', { name: /New token|Delete|Edit/ }).count()).toBe(0);
    expect(await card('lab-2').getByRole('button', { name: 'Dashboard' }).count()).toBe(1);
  });
});
