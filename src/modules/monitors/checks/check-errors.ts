import type { CheckResult } from '../monitor-types.js';

/** "Timeout after 5 s" / "Timeout after 0.5 s". */
export function timeoutResult(timeoutMs: number): CheckResult {
  return { status: 'down', responseMs: null, message: `Timeout after ${Number((timeoutMs / 1000).toFixed(2))} s` };
}

const TLS_MESSAGES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown certificate issuer',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name',
};

/** A network failure in a line: "Connection refused", "TLS error: self-signed certificate", "Host not found". */
export function describeNetworkError(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code && e.code !== 'UND_ERR_SOCKET' ? e.code : (e.cause?.code ?? e.code);
  if (code && TLS_MESSAGES[code]) return `TLS error: ${TLS_MESSAGES[code]}`;
  switch (code) {
    case 'ECONNREFUSED': return 'Connection refused';
    case 'ECONNRESET': case 'UND_ERR_SOCKET': return 'Connection reset';
    case 'EHOSTUNREACH': return 'Host unreachable';
    case 'ENETUNREACH': return 'Network unreachable';
    case 'ENOTFOUND': case 'EAI_AGAIN': return 'Host not found';
    case 'UND_ERR_HEADERS_TIMEOUT': case 'UND_ERR_BODY_TIMEOUT': case 'UND_ERR_CONNECT_TIMEOUT': case 'ETIMEDOUT': return 'Timeout';
    default: return (e.message ?? e.cause?.message ?? 'Check failed').split('\n')[0].slice(0, 200);
  }
}
