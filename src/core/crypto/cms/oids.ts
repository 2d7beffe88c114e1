// Object identifiers the CMS code writes and reads, named as in the RFCs that define them.
export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  /** RFC 2634 ESS signing-certificate (SHA-1 ESSCertID), which OpenSSL also checks when present. */
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  /** RFC 5035 ESS signing-certificate-v2, the CAdES-BES binding of the signer's certificate. */
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaesOaep: '1.2.840.113549.1.1.7',
  mgf1: '1.2.840.113549.1.1.8',
  pSpecified: '1.2.840.113549.1.1.9',
  rsassaPss: '1.2.840.113549.1.1.10',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  sha1WithRSA: '1.2.840.113549.1.1.5',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  aes128Wrap: '2.16.840.1.101.3.4.1.5',
  aes192Wrap: '2.16.840.1.101.3.4.1.25',
  aes256Wrap: '2.16.840.1.101.3.4.1.45',
  /** RFC 5753 dhSinglePass-stdDH-sha256kdf-scheme. */
  ecdhStdSha256Kdf: '1.3.132.1.11.1',
  ecdhStdSha384Kdf: '1.3.132.1.11.2',
  ecdhStdSha512Kdf: '1.3.132.1.11.3',
  /** dhSinglePass-stdDH-sha1kdf-scheme (X9.63 with SHA-1), still OpenSSL-readable. */
  ecdhStdSha1Kdf: '1.3.133.16.840.63.0.2'
} as const

/** Digest OIDs to node:crypto names; only these are accepted when verifying. */
export const DIGEST_NAMES: Readonly<Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'>> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512'
}
