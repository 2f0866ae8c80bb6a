import { describe, expect, it } from 'vitest';
import { checkSshPasswordAuth } from '../../src/system/security/checks/ssh-password-auth.js';
import { checkSshRootLogin } from '../../src/system/security/checks/ssh-root-login.js';
import { createFixtureReader } from '../../src/system/security/fixture-reader.js';
import { readSshdConfig } from '../../src/system/security/sshd-config.js';
import { loadFixtureHost } from './fixture-host.js';

const D = '/etc/ssh/sshd_config.d';
const configOf = (files: Record<string, string>) => readSshdConfig(createFixtureReader({ files }));

describe('readSshdConfig on a Debian layout (fixture host-a)', () => {
  it('reads the drop-ins in sorted order at the Include line, skipping names the glob does not match', async () => {
    const config = await readSshdConfig(await loadFixtureHost('host-a'));
    expect(config?.files).toEqual([
      '/etc/ssh/sshd_config',
      `${D}/10-hardening.conf`,
      `${D}/20-sftp.conf`,
      `${D}/50-cloud-init.conf`,
      `${D}/60-local.conf`,
    ]);
    expect(config?.ports).toEqual([22, 2222]);
  });

  it('keeps the first value: drop-ins win over the main file, 50-cloud-init over 60-local', async () => {
    const config = await readSshdConfig(await loadFixtureHost('host-a'));
    expect(config?.settings.get('permitrootlogin')).toEqual({
      value: 'prohibit-password',
      file: `${D}/10-hardening.conf`,
      line: 1,
    });
    // 20-sftp.conf's Match block ends with that file, so this line is global again.
    expect(config?.settings.get('passwordauthentication')).toEqual({
      value: 'yes',
      file: `${D}/50-cloud-init.conf`,
      line: 2,
    });
    // `Match all` returns to global settings.
    expect(config?.settings.get('x11forwarding')?.value).toBe('no');
  });

  it('records Match-block settings as conditional, not global', async () => {
    const config = await readSshdConfig(await loadFixtureHost('host-a'));
    expect(config?.conditional.map((c) => `${c.match}: ${c.keyword} ${c.value}`)).toEqual([
      'Group sftponly: chrootdirectory /srv/sftp',
      'Group sftponly: passwordauthentication no',
      'User backup: passwordauthentication yes',
      'User backup: permitrootlogin yes',
    ]);
  });

  it('gives pass for root login and warn for password authentication, naming the deciding line', async () => {
    const config = await readSshdConfig(await loadFixtureHost('host-a'));
    const root = checkSshRootLogin(config);
    expect(root).toMatchObject({ status: 'pass', detail: 'Root may log in over SSH with keys only' });
    expect(root.evidence).toMatchObject({
      value: 'prohibit-password',
      source: `${D}/10-hardening.conf:1`,
      conditional: [{ match: 'User backup', value: 'yes', source: '/etc/ssh/sshd_config:13' }],
    });
    const password = checkSshPasswordAuth(config);
    expect(password).toMatchObject({ status: 'warn', detail: 'SSH password authentication is on' });
    expect(password.evidence).toMatchObject({ value: 'yes', source: `${D}/50-cloud-init.conf:2` });
  });
});

describe('readSshdConfig syntax', () => {
  it('accepts Keyword=value, any keyword case, quotes and comments', async () => {
    const config = await configOf({
      '/etc/ssh/sshd_config': '  # comment\npermitrootlogin = "no"\nPASSWORDAUTHENTICATION=no\n',
    });
    expect(config?.settings.get('permitrootlogin')?.value).toBe('no');
    expect(config?.settings.get('passwordauthentication')?.value).toBe('no');
    expect(checkSshRootLogin(config).status).toBe('pass');
    expect(checkSshPasswordAuth(config).status).toBe('pass');
  });

  it('resolves relative Include paths under /etc/ssh', async () => {
    const config = await configOf({
      '/etc/ssh/sshd_config': 'Include extra/*.conf\nPermitRootLogin no\n',
      '/etc/ssh/extra/a.conf': 'PermitRootLogin yes\n',
    });
    expect(checkSshRootLogin(config)).toMatchObject({
      status: 'fail',
      detail: 'Root may log in over SSH (PermitRootLogin yes)',
    });
  });

  it('makes the contents of an Include inside a Match block conditional', async () => {
    const config = await configOf({
      '/etc/ssh/sshd_config': 'Match Address 10.0.0.0/8\nInclude /etc/ssh/inner.conf\n',
      '/etc/ssh/inner.conf': 'PermitRootLogin yes\n',
    });
    expect(config?.settings.has('permitrootlogin')).toBe(false);
    expect(config?.conditional).toMatchObject([{ keyword: 'permitrootlogin', match: 'Address 10.0.0.0/8' }]);
  });

  it('stops an Include loop at sshd’s depth limit', async () => {
    const config = await configOf({ '/etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config\nPort 2200\n' });
    expect(config?.files).toHaveLength(17);
    expect(config?.ports).toHaveLength(17);
  });

  it('uses sshd defaults when nothing is set: keys-only root, password on', async () => {
    const config = await configOf({ '/etc/ssh/sshd_config': '' });
    expect(checkSshRootLogin(config).detail).toBe('Root may log in over SSH with keys only (default)');
    expect(checkSshRootLogin(config).status).toBe('pass');
    expect(checkSshPasswordAuth(config).detail).toBe('SSH password authentication is on (default)');
    expect(checkSshPasswordAuth(config).status).toBe('warn');
  });

  it('reports unknown when there is no sshd configuration', async () => {
    const config = await configOf({ '/etc/ssh/sshd_config.d/x.conf': 'PermitRootLogin yes\n' });
    expect(config).toBeNull();
    expect(checkSshRootLogin(config).status).toBe('unknown');
    expect(checkSshPasswordAuth(config).status).toBe('unknown');
  });

  it('reports unknown for a value sshd does not define', async () => {
    const config = await configOf({ '/etc/ssh/sshd_config': 'PermitRootLogin maybe\n' });
    expect(checkSshRootLogin(config).status).toBe('unknown');
  });
});
