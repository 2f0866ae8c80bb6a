/** Moved to auth/accounts (layers below the modules read it too); kept here until every importer uses the new path. */
export * from '../../auth/accounts/users.repository.js';
