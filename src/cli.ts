import { enterStartUp } from './runtime/start-up.js';

// Before the rest of the program is even loaded (runtime/start-up.ts).
enterStartUp();
const { runCli } = await import('./cli/commands.js');

runCli(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`everyst: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
