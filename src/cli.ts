import { runCli } from './cli/commands.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`everyst: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
