/** The Node.js release lines Everyst supports: 24 LTS (primary) and 22 LTS (oldest), from these versions on. */
export const SUPPORTED_NODE_LINES: ReadonlyArray<{ major: number; minimum: string }> = [
  { major: 24, minimum: '24.0.0' },
  { major: 22, minimum: '22.16.0' },
];

const parse = (version: string) => version.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10));
const atLeast = (version: string, minimum: string) => {
  const [a, b] = [parse(version), parse(minimum)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

/** null when `version` (e.g. process.version) is supported; otherwise what is wrong and what to install. */
export function nodeSupportProblem(version: string): string | null {
  const major = parse(version)[0] ?? 0;
  const line = SUPPORTED_NODE_LINES.find((l) => l.major === major);
  const fix = 'install Node.js 24 LTS (or 22 LTS)';
  if (line) return atLeast(version, line.minimum) ? null : `Node.js ${version} is older than ${line.minimum}: ${fix}`;
  if (major > SUPPORTED_NODE_LINES[0]!.major) return `Node.js ${version} is not a tested release line: ${fix}`;
  return `Node.js ${version} is not supported (end of life): ${fix}`;
}
