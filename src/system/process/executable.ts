import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function notFound(command: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT', errno: -2, syscall: `spawn ${command}`, path: command });
}

/**
 * Checks that `command` can be started, searching `searchPath` (a PATH value) as execvp would, and answers the
 * error node's spawn would give when it cannot. Needed because a program started through a wrapper (setpriv)
 * would otherwise fail inside the wrapper, with an exit code instead of ENOENT.
 */
export function checkExecutable(command: string, searchPath: string): NodeJS.ErrnoException | undefined {
  if (command.includes('\0')) return undefined; // node's spawn refuses it with its own error
  if (command.includes('/')) return isExecutableFile(command) ? undefined : notFound(command);
  const found = searchPath.split(':').some((dir) => dir !== '' && isExecutableFile(join(dir, command)));
  return found ? undefined : notFound(command);
}
