// A verification report as it crosses the call boundary: plain data, dates as epoch milliseconds, the chain as
// the subjects from the signer up to the anchor. Shared by crypto.verifyFile and the documents' view.
import type { SignerReportView, VerificationFailureView, VerificationReportView } from '../api/crypto-types'
import type { SignerReport, VerificationFailure, VerificationReport } from './cms/report'

const failureView = (f: VerificationFailure): VerificationFailureView => ({ code: f.code, detail: f.detail, ...(f.reason ? { reason: f.reason } : {}) })

function signerView(s: SignerReport): SignerReportView {
  const cert = s.certificate
  return {
    commonName: s.signer?.commonName ?? null,
    iin: s.signer?.iin ?? null,
    bin: s.signer?.bin ?? null,
    organisation: s.signer?.organisation ?? null,
    subject: cert?.subject ?? null,
    issuer: cert?.issuer ?? null,
    serial: cert?.serial ?? null,
    fingerprint: cert?.fingerprint ?? null,
    notBefore: cert?.notBefore.getTime() ?? null,
    notAfter: cert?.notAfter.getTime() ?? null,
    signingTime: s.signingTime?.getTime() ?? null,
    digestAlgorithm: s.digestAlgorithm,
    signatureAlgorithm: s.signatureAlgorithm,
    messageDigest: s.integrity.messageDigest,
    signature: s.integrity.signature,
    certificateHash: s.certificateHash,
    chain: s.chain?.links.map((l) => l.subject) ?? [],
    chainTrusted: s.chain?.trusted ?? false,
    keyUsage: s.keyUsage,
    valid: s.valid,
    failures: s.failures.map(failureView)
  }
}

export function reportView(report: VerificationReport): VerificationReportView {
  return {
    valid: report.valid,
    detached: report.detached,
    signers: report.signers.map(signerView),
    failures: report.failures.map(failureView),
    verifiedAt: report.verifiedAt.getTime()
  }
}
