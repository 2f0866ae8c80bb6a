import { bool, wireTime } from '../../db/values.js';
import type { Account } from '../../auth/accounts/users.repository.js';

export const profileImageUrl = (id: number) => `/api/users/${id}/profile-image/`;

/** The User representation of rest.md §1.1. */
export function presentUser({ user, role }: Account) {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    first_name: user.first_name ?? '',
    last_name: user.last_name ?? '',
    is_active: bool(user.is_active),
    date_joined: wireTime(user.date_joined),
    last_login: wireTime(user.last_login),
    profile_image: user.profile_image_path ? profileImageUrl(user.id) : null,
    role: role.name,
    role_details: role,
    is_staff: role.name === 'owner' || role.name === 'admin',
    is_superuser: role.name === 'owner',
  };
}
export type UserView = ReturnType<typeof presentUser>;
