/** Just enough DER to read what node's X509Certificate does not expose: version and signature algorithm. */

interface Tlv {
  tag: number;
  start: number; // first content byte
  end: number; // one past the last content byte
}

function readTlv(der: Buffer, offset: number): Tlv {
  const tag = der[offset];
  let length = der[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes < 1 || bytes > 4) throw new Error('unsupported DER length');
    length = der.readUIntBE(offset + 2, bytes);
    start += bytes;
  }
  if (start + length > der.length) throw new Error('DER element runs past its end');
  return { tag, start, end: start + length };
}

function oidText(bytes: Buffer): string {
  const parts = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const SIGNATURE_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
};

export interface CertificateBasics {
  /** 1-based, as openssl prints it. */
  version: number;
  signatureAlgorithm: string;
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature } (RFC 5280 §4.1). */
export function certificateBasics(der: Buffer): CertificateBasics {
  const certificate = readTlv(der, 0);
  const tbs = readTlv(der, certificate.start);
  const first = readTlv(der, tbs.start);
  let version = 1;
  if (first.tag === 0xa0) {
    const integer = readTlv(der, first.start);
    version = der.readUIntBE(integer.start, Math.min(integer.end - integer.start, 4)) + 1;
  }
  const algorithm = readTlv(der, tbs.end);
  const oid = readTlv(der, algorithm.start);
  const dotted = oidText(der.subarray(oid.start, oid.end));
  return { version, signatureAlgorithm: SIGNATURE_NAMES[dotted] ?? dotted };
}
