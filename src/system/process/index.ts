import { childRecordDir, recordChildrenIn } from './children.js';
import { reapLeftoverChildren, type ReapedChild } from './reap.js';

export { startChild, type ChildExit, type ChildOptions, type RunningChild } from './start-child.js';

/**
 * For a server or worker process at start: ends what an earlier process on this data directory left running
 * (it was killed before it could stop its children), then records this process's children there.
 */
export function adoptChildRecord(dataDir: string): ReapedChild[] {
  const dir = childRecordDir(dataDir);
  const reaped = reapLeftoverChildren(dir);
  recordChildrenIn(dir);
  return reaped;
}
