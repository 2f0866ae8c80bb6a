import type { Server } from 'socket.io';
import type { RolesRepository } from '../auth/accounts/roles.repository.js';
import type { Audience } from './bus.js';

/**
 * Emits to the rooms an audience names (realtime.md §7). Used by the gateway and by scan workers, whose Server
 * has no HTTP side: through the Redis adapter their emits reach the sockets of every API instance.
 */
export async function emitToAudience(io: Server, roles: RolesRepository, event: string, payload: unknown, audience: Audience): Promise<void> {
  // An event without a payload (network_map_updated) is emitted with no argument at all.
  const args = payload === undefined ? [] : [payload];
  switch (audience.kind) {
    case 'all':
      io.emit(event, ...args);
      return;
    case 'user':
      io.to(`user:${audience.userId}`).emit(event, ...args);
      return;
    case 'users':
      if (audience.userIds.length) io.to(audience.userIds.map((id) => `user:${id}`)).emit(event, ...args);
      return;
    case 'role':
      io.to(`role:${audience.role}`).emit(event, ...args);
      return;
    case 'room':
      io.to(`sub:${audience.room}`).emit(event, ...args);
      return;
    case 'flag': {
      const rooms = (await roles.list()).filter((r) => r[audience.flag]).map((r) => `role:${r.name}`);
      if (rooms.length) io.to(rooms).emit(event, ...args);
    }
  }
}
