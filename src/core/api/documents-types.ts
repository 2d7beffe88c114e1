// Confidential documents (R14.1–R14.5, R14.9) crossing the call boundary. Types only.
import type { CodedText } from '../domain/coded-text'
import type { VerificationReportView } from './crypto-types'

export const DOCUMENT_CLASSES = ['confidential', 'strictly_confidential'] as const
export type DocumentClass = (typeof DOCUMENT_CLASSES)[number]
export const ATTACHMENT_LIMIT_BYTES = 20_971_520 // 20 MB; a literal, so the renderer's copy is checked against it

/** A party documents are exchanged between: the operator, the settlement bank, or a participant (its code). */
export interface ExchangeParty {
  party: string
  name: string
  /** How many certificates a document to this party would be encrypted to; zero means nobody could open it. */
  recipientCertificates: number
  /** R14.9: a participant that left; its documents stay confidential until this time. */
  terminatedAt: number | null
}

/** Until when the non-disclosure obligation runs (R14.9): open-ended while every participant is in the system. */
export interface NonDisclosure {
  /** The participant whose departure starts the five years, if one of the parties has left. */
  leftParty: string | null
  until: number | null
}

export interface DocumentRow {
  id: string
  number: string
  senderParty: string
  recipients: string[]
  title: string
  class: DocumentClass
  createdAt: number
  createdBy: string | null
  signerSubject: string
  attachmentCount: number
  size: number
  origin: 'composed' | 'forwarded' | 'imported'
  forwardedFrom: string | null
  nonDisclosure: NonDisclosure
}

export interface DocumentAttachmentInfo {
  index: number
  name: string
  mediaType: string
  size: number
  sha256: string
}

/** An opened document: its content, decrypted with the reader's key, and the verification of its signature. */
export interface OpenedDocument {
  document: DocumentRow
  body: string
  attachments: DocumentAttachmentInfo[]
  verification: VerificationReportView
  consent: DocumentConsentView | null
}

export interface DocumentConsentView {
  id: number
  thirdParty: string
  grantedBy: string
  reference: string
  grantedOn: string
  note: string | null
  recordedBy: string
  recordedAt: number
}

export interface DocumentAttachmentFile {
  name: string
  mediaType: string
  base64: string
}

export interface DocumentAccessEntry {
  id: number
  at: number
  login: string
  party: string
  action: 'send' | 'open' | 'download' | 'forward' | 'export' | 'import' | 'refused'
  /**
   * What was done or refused, for the screens to word (one of ACCESS_DETAILS: the refused attempt, where a forward
   * or export went); a file's or an attachment's name as it is (code `text`).
   */
  detail: CodedText | null
}

/**
 * The details of the access log: an attempt refused (`open`, `download` of attachment `n`, `forward` to `party`,
 * `export`), a forward (`forwarded_to` with the consent, `forwarded_from` on the copy), an export (`exported_to` a
 * file, `exported_content` to the desk).
 */
export const ACCESS_DETAILS = ['open', 'download', 'forward', 'export', 'forwarded_to', 'forwarded_from', 'exported_to', 'exported_content'] as const

export interface DocumentExport {
  fileName: string
  /** The file's content (CMS EnvelopedData, DER) when no path was given. */
  base64: string | null
  out: string | null
  bytes: number
}
