import { holdYoungGeneration } from './runtime/young-generation.js';

// Before the rest of the program is even loaded (runtime/young-generation.ts).
holdYoungGeneration();
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
