import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { checkServerIdentity, connect, rootCertificates, type DetailedPeerCertificate } from 'node:tls';

export interface TlsProbeRequest {
  /** The name asked for: SNI and name check use it. */
  host: string;
  /** Where to connect (the host itself, or the address it resolved to). */
  address: string;
  port: number;
  extraCa: readonly string[];
  signal: AbortSignal;
  connectTimeoutMs?: number;
}

export interface TlsProbeResult {
  protocol: string;
  cipher: string;
  /** Leaf first, as presented or as the chain was built. */
  chain: Buffer[];
  /** null when the chain and the name verified. */
  verifyError: string | null;
}

export type TlsProbe = (request: TlsProbeRequest) => Promise<TlsProbeResult>;

const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];
let systemStore: string[] | undefined;

/** The system trust store (Debian's bundle), or node's bundled roots where none exists. */
function systemCa(): string[] {
  if (!systemStore) {
    systemStore = [...rootCertificates];
    for (const path of SYSTEM_BUNDLES) {
      try {
        systemStore = [readFileSync(path, 'utf8')];
        break;
      } catch {
        // Try the next location.
      }
    }
  }
  return systemStore;
}

/** node reports OpenSSL's verify code (e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`); show OpenSSL's wording. */
const VERIFY_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  UNABLE_TO_GET_ISSUER_CERT: 'unable to get issuer certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  CERT_SIGNATURE_FAILURE: 'certificate signature failure',
  CERT_REVOKED: 'certificate revoked',
  CERT_UNTRUSTED: 'certificate not trusted',
  CERT_REJECTED: 'certificate rejected',
  INVALID_CA: 'invalid CA certificate',
  INVALID_PURPOSE: 'unsupported certificate purpose',
  PATH_LENGTH_EXCEEDED: 'path length constraint exceeded',
};

function verifyReason(code: unknown): string {
  const text = code instanceof Error ? code.message : String(code);
  return VERIFY_REASONS[text] ?? text;
}

function peerChain(leaf: DetailedPeerCertificate): Buffer[] {
  const chain: Buffer[] = [];
  const seen = new Set<string>();
  for (let cert: DetailedPeerCertificate | undefined = leaf; cert?.raw && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    chain.push(cert.raw);
  }
  return chain;
}

/** Handshakes without failing on a bad chain, so the certificate can be shown; verification is reported. */
export const tlsProbe: TlsProbe = (request) =>
  new Promise((resolve, reject) => {
    let identityError: string | null = null;
    const socket = connect({
      host: request.address,
      port: request.port,
      servername: isIP(request.host) ? undefined : request.host,
      ca: [...systemCa(), ...request.extraCa],
      rejectUnauthorized: false,
      // node reports a name mismatch only as a code; keep the message, which says what did not match.
      checkServerIdentity: (_servername, cert) => {
        const error = checkServerIdentity(request.host, cert);
        identityError = error?.message ?? null;
        return error;
      },
      timeout: request.connectTimeoutMs ?? 10_000,
    });
    const fail = (error: Error) => {
      request.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(error);
    };
    const onAbort = () => fail(new Error('aborted'));
    request.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('timeout', () => fail(new Error('connection timed out')));
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      request.signal.removeEventListener('abort', onAbort);
      socket.setTimeout(0);
      socket.on('error', () => undefined); // a reset while closing no longer matters
      const leaf = socket.getPeerCertificate(true);
      const verifyError = socket.authorized ? null : (identityError ?? verifyReason(socket.authorizationError));
      const result: TlsProbeResult = {
        protocol: socket.getProtocol() ?? 'unknown',
        cipher: socket.getCipher().name,
        chain: leaf.raw ? peerChain(leaf) : [],
        verifyError,
      };
      socket.end();
      resolve(result);
    });
  });
