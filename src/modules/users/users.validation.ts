import { FieldErrorCollector } from '../../errors.js';
import { isEmail } from '../../config/parsers.js';
import { passwordProblems } from '../../auth/passwords.js';
import { isUniqueViolation } from '../../db/database.js';
import type { UsersRepository } from '../../auth/accounts/users.repository.js';

const USERNAME = /^[A-Za-z0-9.@+_-]+$/;
export const REQUIRED = 'This field is required.';

export interface IdentityInput { username?: unknown; email?: unknown; first_name?: unknown; last_name?: unknown }

/** Field rules of rest.md §3.3 shared by register, create and update. */
export async function checkIdentity(
  input: IdentityInput,
  errors: FieldErrorCollector,
  users: UsersRepository,
  opts: { required: boolean; exceptId?: number },
): Promise<void> {
  const { username, email } = input;
  if (username === undefined || username === null || username === '') {
    if (opts.required || username === '' || username === null) errors.add('username', REQUIRED);
  } else if (typeof username !== 'string') errors.add('username', 'Not a valid string.');
  else if (username.length < 3) errors.add('username', 'Username must be at least 3 characters long.');
  else if (username.length > 30) errors.add('username', 'Ensure this field has no more than 30 characters.');
  else if (!USERNAME.test(username)) errors.add('username', 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.');
  else if (await users.usernameTaken(username.toLowerCase(), opts.exceptId)) errors.add('username', 'A user with that username already exists.');

  if (email === undefined || email === null || email === '') {
    if (opts.required || email === '' || email === null) errors.add('email', REQUIRED);
  } else if (typeof email !== 'string') errors.add('email', 'Not a valid string.');
  else if (!isEmail(email)) errors.add('email', 'Enter a valid email address.');
  else if (await users.emailTaken(email.toLowerCase(), opts.exceptId)) errors.add('email', 'A user with this email already exists.');

  for (const field of ['first_name', 'last_name'] as const) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') errors.add(field, 'Not a valid string.');
    else if (value.length > 150) errors.add(field, 'Ensure this field has no more than 150 characters.');
  }
}

export function checkNewPassword(
  field: string,
  password: unknown,
  errors: FieldErrorCollector,
  minLength: number,
  identity: { username?: string; email?: string },
): password is string {
  if (password === undefined || password === null || password === '') {
    errors.add(field, REQUIRED);
    return false;
  }
  if (typeof password !== 'string') {
    errors.add(field, 'Not a valid string.');
    return false;
  }
  const problems = passwordProblems(password, minLength, identity);
  problems.forEach((p) => errors.add(field, p));
  return problems.length === 0;
}

/**
 * A unique index refused a username or email that a concurrent request took after our checks: answer the field
 * error the checks would have given, instead of a 500.
 */
export async function duplicateAsFieldError(error: unknown, input: IdentityInput, users: UsersRepository, exceptId?: number): Promise<never> {
  if (isUniqueViolation(error)) {
    const errors = new FieldErrorCollector();
    await checkIdentity(input, errors, users, { required: false, exceptId });
    errors.throwIfAny();
  }
  throw error;
}
