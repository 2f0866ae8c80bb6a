import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findBinary, MissingBinaryError, requireBinary } from '../../../src/system/network/binaries.js';
import { runProcess } from '../../../src/system/network/run-process.js';

const processExists = (pid: number) => existsSync(`/proc/${pid}`) && !/^State:\s*Z/m.test(readStatus(pid));
const readStatus = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
};

describe('runProcess', () => {
  it('runs a program without a shell and returns its output', async () => {
    const result = await runProcess(process.execPath, ['-e', 'console.log(process.argv[1])', '$(id); echo x']);
    expect(result).toMatchObject({ code: 0, stdout: '$(id); echo x\n' });
  });

  it('names the Debian package of a missing program', async () => {
    const error = await runProcess('/nonexistent/arp-scan', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingBinaryError);
    expect(error).toMatchObject({ binary: 'arp-scan', debianPackage: 'arp-scan', message: 'arp-scan is not installed (Debian package: arp-scan)' });
    expect(() => requireBinary('nmap', ['/nonexistent'])).toThrow('nmap is not installed (Debian package: nmap)');
    expect(new MissingBinaryError('ping').debianPackage).toBe('iputils-ping');
    expect(findBinary('sh', ['/nonexistent', '/bin', '/usr/bin'])).toMatch(/\/sh$/);
  });

  it('ends the whole process group on abort, with SIGKILL for a child that ignores SIGTERM', async () => {
    const controller = new AbortController();
    let grandchild = 0;
    const script = `
      const { spawn } = require('node:child_process');
      const c = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log(c.pid);
      process.on('SIGTERM', () => {});
      setInterval(() => {}, 1000);`;
    const started = Date.now();
    const run = runProcess(process.execPath, ['-e', script], {
      signal: controller.signal,
      killGraceMs: 300,
      onStdout: (chunk) => {
        grandchild = Number(chunk.trim());
        controller.abort(new Error('cancelled by test'));
      },
    });
    await expect(run).rejects.toThrow('cancelled by test');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(processExists(grandchild)).toBe(false);
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expect(runProcess(process.execPath, ['-e', ''], { signal: AbortSignal.abort(new Error('early')) })).rejects.toThrow('early');
  });
});
