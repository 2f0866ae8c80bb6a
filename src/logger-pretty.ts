/**
 * Human-readable log lines for a person at a terminal: `12:34:56.789 INFO  message  key=value …`, an error's
 * stack on the lines below. The JSON pino writes is the input, so redaction has already happened.
 */

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '90' },
  20: { name: 'DEBUG', color: '36' },
  30: { name: 'INFO ', color: '32' },
  40: { name: 'WARN ', color: '33' },
  50: { name: 'ERROR', color: '31' },
  60: { name: 'FATAL', color: '35' },
};
/** Fields every line has, or that the line's layout already shows. */
const SHOWN = new Set(['level', 'time', 'msg', 'instance', 'pid', 'hostname', 'err', 'v']);

const paint = (color: boolean, code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

function fieldValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** One pino JSON line as a readable line (ending in a newline); a line that is not JSON comes back as it was. */
export function formatLogLine(line: string, color: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : line + '\n';
  }
  const level = LEVELS[entry.level as number] ?? { name: String(entry.level).padEnd(5), color: '0' };
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const fields = Object.entries(entry).filter(([k, v]) => !SHOWN.has(k) && v !== undefined)
    .map(([k, v]) => `${paint(color, '90', `${k}=`)}${fieldValue(v)}`);
  let out = `${paint(color, '90', time)} ${paint(color, level.color, level.name)} ${String(entry.msg ?? '')}`;
  if (fields.length) out += `  ${fields.join(' ')}`;
  const err = entry.err as { type?: string; message?: string; stack?: string } | undefined;
  if (err) out += '\n' + (err.stack ?? `${err.type ?? 'Error'}: ${err.message ?? ''}`).replace(/^/gm, '    ');
  return out + '\n';
}

/** A pino destination writing readable lines to stdout (a terminal: its writes are synchronous). */
export class PrettyStdout {
  constructor(
    private readonly color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    private readonly out: NodeJS.WritableStream = process.stdout,
  ) {}

  write(line: string): boolean {
    this.out.write(formatLogLine(line, this.color));
    return true;
  }

  flush(done?: (error?: Error) => void): void {
    done?.();
  }
}
