import { hasPermission, type PermissionFlag, type Principal } from '../../auth/permissions.js';
import { isUuid, nowIso } from '../../db/values.js';
import { forbidden, notFound, validationError } from '../../errors.js';
import type { ListWindow } from '../../http/pagination.js';
import { CountedCache } from '../../db/change-counter.js';
import type { NewNotification, Target } from './notification-types.js';
import type { NotificationPublisher } from './notification-publisher.js';
import type { ListFilters, NotificationsRepository, Viewer } from './notifications.repository.js';
import { presentNotification, type NotificationView } from './notifications.presenter.js';
import type { RequestedTarget } from './notifications.input.js';

const viewerOf = (p: Principal): Viewer => ({ userId: p.userId, role: p.role.name });
const RECENT_DAYS = 7;
/** Room for a few hundred cached list pages (a full 50-item page is about 15 KB of JSON). */
const PAGE_CACHE_BYTES = 4 * 1024 * 1024;

/** One list page as read from the database; `results` is its JSON text. */
export interface NotificationsPage { count: number; unread: number; shown: number; results: string }

/** What the service needs of the users module: whether a user exists. */
export interface UserLookup { findById(id: number): Promise<object | undefined> }
/** What the service needs of the roles module: whether a role exists. */
export interface RoleLookup { find(name: string): Promise<object | undefined> }

/**
 * Notifications (rest.md §6): visibility and per-recipient read/dismiss state, and the creation API other
 * modules use (`createSystem`, `createForUser`, `createForRole`, `createForFlag`).
 */
export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly publisher: NotificationPublisher,
    private readonly users: UserLookup,
    private readonly roles: RoleLookup,
    private readonly usersWithFlag: (flag: PermissionFlag) => Promise<number[]>,
  ) {
    this.pages = new CountedCache((page) => page.results.length * 2, PAGE_CACHE_BYTES);
  }

  private readonly pages: CountedCache<NotificationsPage>;

  // ── creation, for other modules ──────────────────────────────────────────────────────────────────────────
  createSystem(n: NewNotification): Promise<NotificationView> {
    return this.create({ kind: 'system' }, n);
  }

  createForUser(userId: number, n: NewNotification): Promise<NotificationView> {
    return this.create({ kind: 'user', userId }, n);
  }

  createForRole(role: string, n: NewNotification): Promise<NotificationView> {
    return this.create({ kind: 'role', role }, n);
  }

  /** One personal notification for each active user whose role has `flag`. */
  async createForFlag(flag: PermissionFlag, n: NewNotification): Promise<NotificationView[]> {
    const rows = await this.publisher.publishToUsers(await this.usersWithFlag(flag), n);
    return rows.map((row) => presentNotification({ ...row, read_at: null }));
  }

  async create(target: Target, n: NewNotification): Promise<NotificationView> {
    return presentNotification({ ...(await this.publisher.publish(target, n)), read_at: null });
  }

  /** A request from a user (REST or socket): permission first, then the target must exist. */
  async createAs(p: Principal, requested: RequestedTarget, n: NewNotification, errors: { user: (id: number) => Error; role: (name: string) => Error }) {
    const userId = requested.userId ?? (requested.role || requested.system ? undefined : p.userId);
    if (userId !== undefined && userId !== p.userId && !p.role.can_manage_users) throw forbidden();
    if ((requested.role || requested.system) && !p.role.can_manage_system) throw forbidden();
    if (userId !== undefined && !(await this.users.findById(userId))) throw errors.user(userId);
    if (requested.role && !(await this.roles.find(requested.role))) throw errors.role(requested.role);
    const target: Target = userId !== undefined ? { kind: 'user', userId } : requested.role ? { kind: 'role', role: requested.role } : { kind: 'system' };
    const row = await this.publisher.publish(target, { ...n, createdBy: p.userId });
    this.publisher.announce(row);
    return presentNotification({ ...row, read_at: null });
  }

  // ── reading and state, per recipient ─────────────────────────────────────────────────────────────────────
  /**
   * A window of the caller's list (rest.md §6) with its counts; `results` is JSON text. A page is read once and
   * served from the page cache until any notification or receipt changes (the web client asks for the same page
   * again and again): `version` is the notifications change counter as the request found it.
   */
  async page(p: Principal, filters: ListFilters, window: ListWindow, version: number): Promise<NotificationsPage> {
    const viewer = viewerOf(p);
    const key = JSON.stringify([viewer.userId, viewer.role, window.offset, window.limit, filters.unread, filters.type, filters.source, filters.since]);
    return this.pages.get(key, version, () => this.readPage(viewer, filters, window));
  }

  private async readPage(viewer: Viewer, filters: ListFilters, window: ListWindow): Promise<NotificationsPage> {
    const filtered = Object.values(filters).some((v) => v !== undefined);
    const { count, unread } = filtered
      ? { count: await this.repo.count(viewer, filters), unread: await this.repo.count(viewer, { unread: true }) }
      : await this.repo.counts(viewer);
    const rows = await this.repo.list(viewer, filters, window.limit, window.offset);
    return { count, unread, shown: rows.length, results: JSON.stringify(rows.map(presentNotification)) };
  }

  /** For the socket event `get_notifications`. */
  async slice(p: Principal, limit: number, offset: number, unreadOnly: boolean) {
    const viewer = viewerOf(p);
    const filters: ListFilters = unreadOnly ? { unread: true } : {};
    const rows = await this.repo.list(viewer, filters, limit, offset);
    return { notifications: rows.map(presentNotification), count: await this.repo.count(viewer, filters) };
  }

  async get(p: Principal, id: string): Promise<NotificationView> {
    const row = isUuid(id) ? await this.repo.findVisible(id.toLowerCase(), viewerOf(p)) : undefined;
    if (!row) throw notFound();
    return presentNotification(row);
  }

  async setRead(p: Principal, id: string, body: Record<string, unknown>): Promise<NotificationView> {
    const current = await this.get(p, id);
    const value = body.read ?? body.is_read;
    if (value !== undefined && typeof value !== 'boolean') throw validationError({ [body.read !== undefined ? 'read' : 'is_read']: ['Must be a valid boolean.'] });
    if (value === true && !current.read) await this.repo.markRead(viewerOf(p), [current.id], nowIso());
    if (value === false && current.read) await this.repo.markUnread(current.id, p.userId);
    return this.get(p, current.id);
  }

  /** Personal: deleted. Role/system: deleted for everyone with can_manage_system, else dismissed for the caller. */
  async remove(p: Principal, id: string): Promise<void> {
    const current = await this.get(p, id);
    const personal = current.user !== null;
    if (personal || hasPermission(p, 'can_manage_system')) await this.repo.delete(current.id);
    else await this.repo.dismiss(current.id, p.userId, nowIso());
  }

  async markAsRead(p: Principal, body: Record<string, unknown>): Promise<{ updated: number }> {
    const ids = body.ids;
    if (ids === undefined || ids === null) return { updated: 0 };
    if (!Array.isArray(ids)) throw validationError({ ids: [`"${String(ids)}" is not a valid UUID.`] });
    const bad = ids.find((id) => !isUuid(id));
    if (bad !== undefined) throw validationError({ ids: [`"${typeof bad === 'string' ? bad : JSON.stringify(bad)}" is not a valid UUID.`] });
    const unique = [...new Set((ids as string[]).map((id) => id.toLowerCase()))];
    return { updated: await this.repo.markRead(viewerOf(p), unique, nowIso()) };
  }

  async markAllAsRead(p: Principal): Promise<{ updated: number }> {
    return { updated: await this.repo.markRead(viewerOf(p), 'all', nowIso()) };
  }

  async unreadCount(p: Principal): Promise<number> {
    return this.repo.count(viewerOf(p), { unread: true });
  }

  /** At most 10 visible notifications of the last 7 days, newest first (bare array). */
  async recent(p: Principal): Promise<NotificationView[]> {
    const since = new Date(Date.now() - RECENT_DAYS * 86_400_000).toISOString();
    return (await this.repo.list(viewerOf(p), { since }, 10, 0)).map(presentNotification);
  }
}
