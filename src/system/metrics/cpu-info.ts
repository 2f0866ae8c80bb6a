import { join } from 'node:path';
import { listDir, readNumber, readOptional, type TextReader } from './read-file.js';
import { keyValues, round1 } from './units.js';

export interface CpuStaticInfo {
  model: string | null;
  /** Processors listed in /proc/cpuinfo. */
  processors: number;
  /** Distinct (physical id, core id) pairs; null when cpuinfo has no such fields (e.g. most ARM kernels). */
  physicalCores: number | null;
  maxMhz: number | null;
}

const blocks = (cpuinfo: string) => cpuinfo.split(/\n\s*\n/).filter((block) => block.trim() !== '');

export function parseCpuInfo(cpuinfo: string): Omit<CpuStaticInfo, 'maxMhz'> {
  let model: string | null = null;
  let processors = 0;
  const cores = new Set<string>();
  for (const block of blocks(cpuinfo)) {
    const info = keyValues(block, ':');
    if (info.has('processor')) processors += 1;
    model ??= info.get('model name') ?? null;
    const physical = info.get('physical id');
    const core = info.get('core id');
    if (physical !== undefined && core !== undefined) cores.add(`${physical}/${core}`);
  }
  return { model, processors, physicalCores: cores.size > 0 ? cores.size : null };
}

/** Mean of the `cpu MHz` lines, or null when cpuinfo has none. */
export function meanCpuInfoMhz(cpuinfo: string): number | null {
  const values = [...cpuinfo.matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((match) => Number(match[1]));
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/**
 * CPU model, core counts and frequencies. The static part and the list of cpufreq files are
 * discovered once; each sample then reads only the current frequencies.
 */
export class CpuInfoReader {
  private staticInfo?: Promise<CpuStaticInfo>;
  private curFreqPaths: string[] = [];

  constructor(
    private readonly read: TextReader,
    private readonly procRoot: string,
    private readonly sysRoot: string,
  ) {}

  info(): Promise<CpuStaticInfo> {
    this.staticInfo ??= this.discover();
    return this.staticInfo;
  }

  /** Mean current frequency in MHz (cpufreq `scaling_cur_freq`, else cpuinfo `cpu MHz`), 1 decimal, or null. */
  async currentMhz(): Promise<number | null> {
    await this.info();
    let mhz: number | null = null;
    if (this.curFreqPaths.length > 0) {
      const texts = await Promise.all(this.curFreqPaths.map((path) => this.read(path)));
      const khz = texts.map((text) => Number(text?.trim() || NaN)).filter((v) => Number.isFinite(v));
      if (khz.length > 0) mhz = khz.reduce((a, b) => a + b, 0) / khz.length / 1000;
    } else {
      const cpuinfo = await this.read(join(this.procRoot, 'cpuinfo'));
      mhz = cpuinfo === null ? null : meanCpuInfoMhz(cpuinfo);
    }
    return mhz === null ? null : round1(mhz);
  }

  private async discover(): Promise<CpuStaticInfo> {
    const cpuinfo = (await readOptional(join(this.procRoot, 'cpuinfo'))) ?? '';
    const cpuDir = join(this.sysRoot, 'devices/system/cpu');
    const cpus = (await listDir(cpuDir)).filter((name) => /^cpu\d+$/.test(name));
    const found = await Promise.all(
      cpus.map(async (cpu) => {
        const freqDir = join(cpuDir, cpu, 'cpufreq');
        const cur = join(freqDir, 'scaling_cur_freq');
        const max = (await readNumber(join(freqDir, 'cpuinfo_max_freq'))) ?? (await readNumber(join(freqDir, 'scaling_max_freq')));
        return { cur: (await readNumber(cur)) === null ? null : cur, max };
      }),
    );
    this.curFreqPaths = found.flatMap((f) => (f.cur === null ? [] : [f.cur]));
    const maxKhz = found.reduce<number | null>((m, f) => (f.max === null ? m : Math.max(m ?? 0, f.max)), null);
    return { ...parseCpuInfo(cpuinfo), maxMhz: maxKhz === null ? null : round1(maxKhz / 1000) };
  }
}
