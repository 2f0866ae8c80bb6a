import { X509Certificate } from 'node:crypto';
import { isoTimestamp } from '../output.js';
import { certificateBasics } from './der.js';
import type { TlsProbeResult } from './tls-probe.js';

const DAY_MS = 86_400_000;
export const MIN_DAYS_LEFT = 14;

/** `CN = example.com, O = Example Inc, C = US`: most specific first, as the spec shows it. */
function distinguishedName(text: string): string {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace('=', ' = '))
    .reverse()
    .join(', ');
}

function serialWithColons(hex: string): string {
  const even = hex.length % 2 ? `0${hex}` : hex;
  return (even.toUpperCase().match(/../g) ?? []).join(':');
}

function publicKeyText(cert: X509Certificate): string {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return `RSA (${details.modulusLength} bits)`;
    case 'rsa-pss':
      return `RSA-PSS (${details.modulusLength} bits)`;
    case 'dsa':
      return `DSA (${details.modulusLength} bits)`;
    case 'ec':
      return `EC (${details.namedCurve})`;
    default:
      return (key.asymmetricKeyType ?? 'unknown').toUpperCase();
  }
}

export interface SslReport {
  output: string;
  verified: boolean;
  daysLeft: number;
}

/** The report of tools.md §6.3 for a completed handshake. */
export function formatSslReport(host: string, port: number, probe: TlsProbeResult, now: Date): SslReport {
  if (probe.chain.length === 0) {
    return { output: `Server certificate: ${host}:${port}\nVerification: FAILED (no certificate presented)`, verified: false, daysLeft: 0 };
  }
  const certs = probe.chain.map((der) => new X509Certificate(der));
  const leaf = certs[0];
  const basics = certificateBasics(probe.chain[0]);
  const validFrom = new Date(leaf.validFrom);
  const validTo = new Date(leaf.validTo);
  const daysLeft = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
  const lines = [
    `Server certificate: ${host}:${port}`,
    `Subject: ${distinguishedName(leaf.subject)}`,
    `Issuer: ${distinguishedName(leaf.issuer)}`,
    `Valid From: ${isoTimestamp(validFrom)}`,
    `Valid To: ${isoTimestamp(validTo)}`,
    `Days Left: ${daysLeft}`,
    `Version: ${basics.version}`,
    `Serial Number: ${serialWithColons(leaf.serialNumber)}`,
    `Signature Algorithm: ${basics.signatureAlgorithm}`,
    `Public Key Algorithm: ${publicKeyText(leaf)}`,
    `Protocol: ${probe.protocol}`,
    `Cipher Suite: ${probe.cipher}`,
    `Subject Alternative Names: ${leaf.subjectAltName ?? 'none'}`,
    `Verification: ${probe.verifyError === null ? 'OK' : `FAILED (${probe.verifyError})`}`,
    'Certificate chain:',
    ...certs.flatMap((cert, i) => [` ${i} s: ${distinguishedName(cert.subject)}`, `   i: ${distinguishedName(cert.issuer)}`]),
  ];
  return { output: lines.join('\n'), verified: probe.verifyError === null, daysLeft };
}
