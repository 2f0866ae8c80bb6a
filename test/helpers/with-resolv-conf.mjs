// Runs a program with /etc/resolv.conf replaced by the given file. Start it under
// `unshare --mount --propagation private` so the bind mount stays in that private mount namespace.
import { execFileSync, spawnSync } from 'node:child_process';

const [resolvConf, command, ...args] = process.argv.slice(2);
execFileSync('mount', ['--bind', resolvConf, '/etc/resolv.conf']);
const result = spawnSync(command, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
