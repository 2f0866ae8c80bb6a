export { createFsReader } from './fs-reader.js';
export { createFixtureReader, type FixtureTree } from './fixture-reader.js';
export { takeSnapshot } from './snapshot.js';
export { diffSnapshots, type SecurityChange, type ComparableSnapshot, type NotificationType } from './diff.js';
export { scoreChecks, snapshotStatus } from './score.js';
export { TITLES as SECURITY_CHECK_TITLES, type CheckId as SecurityCheckId } from './checks/check.js';
export type {
  AdminAccount,
  CheckStatus,
  FileReader,
  Listener,
  SecurityCheck,
  SecurityContext,
  SecuritySnapshot,
  SnapshotStatus,
} from './types.js';
