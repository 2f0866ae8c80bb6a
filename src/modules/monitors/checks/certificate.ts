import type { TLSSocket } from 'node:tls';

const DAY_MS = 86_400_000;

/** When the certificate the peer served expires, or null. */
export function certificateExpiry(socket: TLSSocket): Date | null {
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.valid_to) return null;
  const at = new Date(cert.valid_to);
  return Number.isNaN(at.getTime()) ? null : at;
}

export const daysLeft = (expires: Date, now = Date.now()) => Math.floor((expires.getTime() - now) / DAY_MS);

/** "Certificate expires in N days" when it does within `withinDays`, else null. */
export function expiryProblem(expires: Date, withinDays: number): string | null {
  const days = daysLeft(expires);
  if (days < 0) return 'Certificate expired';
  if (days < withinDays) return `Certificate expires in ${days} day${days === 1 ? '' : 's'}`;
  return null;
}
