import type { SshdConfig, SshdSetting } from '../sshd-config.js';

export const NO_SSHD_CONFIG = 'No readable sshd configuration (/etc/ssh/sshd_config)';

export function sshEvidence(config: SshdConfig, keyword: string, setting: SshdSetting | undefined) {
  return {
    files: config.files,
    value: setting?.value ?? null,
    source: setting ? `${setting.file}:${setting.line}` : null,
    conditional: config.conditional
      .filter((c) => c.keyword === keyword)
      .map((c) => ({ match: c.match, value: c.value, source: `${c.file}:${c.line}` })),
  };
}

