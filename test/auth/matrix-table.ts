import { authRows, metaRows } from './matrix/auth-rows.js';
import { rolesRows } from './matrix/roles-rows.js';
import { usersRows } from './matrix/users-rows.js';
import type { MatrixRow } from './matrix/types.js';

export { ACTORS, CUSTOM_ROLE, everyone, manageUsers, signedIn } from './matrix/types.js';
export type { Actor, Cell, Expected, MatrixRequest, MatrixRow } from './matrix/types.js';

/**
 * The endpoint × role matrix of roles.md §5.1, one row per route and case. To extend it for a module, write its
 * rows in `matrix/<module>-rows.ts`, add them here and add the module's first path segment to MATRIX_SCOPES:
 * every registered route under a scope must then have at least one row.
 */
export const MATRIX: MatrixRow[] = [...metaRows, ...authRows, ...usersRows, ...rolesRows];

/** First path segments (relative to /api/) whose routes the matrix must cover; '' is the API root. */
export const MATRIX_SCOPES: string[] = ['', 'health', 'schema', 'docs', 'auth', 'users', 'roles'];
