// Offline investigation of disputes (issue 7 §5) crossing the call boundary. Types only.
import type { CodedText } from '../domain/coded-text'
import type { DisputeRow } from './disputes-types'

/** A case as one file: CMS EnvelopedData of the exporting analyst's SignedData (DER, base64 here). */
export interface DisputeBundleFile {
  /** DSP-YYYY-NNNNNN-v<version>.p7m */
  fileName: string
  base64: string
  bytes: number
}

export interface DisputeBundleImport {
  dispute: DisputeRow
  /** 'workspace': the case was copied into this database to investigate; 'desk': the offline work was applied to the case. */
  mode: 'workspace' | 'desk'
  /**
   * What the import did, coded for the screens to word (copied, timeline, evidence, decisions on a workspace;
   * findings, evidence, decision on the desk), in English in each message (the audit record's).
   */
  applied: CodedText[]
}

/** The signed-in user's own certificate, to give to whoever encrypts to them (a desk exporting a case). */
export interface OwnCertificate {
  pem: string
  subject: string
  fingerprint: string
}
