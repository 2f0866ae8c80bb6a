import { runCli } from './cli/commands.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`everyst: ${(e as Error).message}\n`);
    // An unknown option or a missing option value is a usage error, like an unknown command.
    process.exit(String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS') ? 2 : 1);
  },
);
