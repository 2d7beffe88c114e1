import { randomBytes, randomInt } from 'node:crypto'
import type { CallContext } from '../api/context'
import type { Instrument, InstrumentKind, InstrumentQr, InstrumentStatus } from '../api/types'
import type { AccountsRepo } from '../accounts/accounts-repo'
import { fail, refuse } from '../domain/errors'
import { luhnCheckDigit, maskPan } from '../domain/pan'
import { nextInSequence } from '../store/sequences'
import type { statementCache } from '../store/statements'
import type { ParticipantsRepo } from '../participants/participants-repo'
import { notTerminated } from '../participants/participants-service'
import type { InstrumentsRepo } from './instruments-repo'
import { qrPayloadOf, qrSvg } from './qr'
import { operationalMonthOf } from '../opday/calendar'
import { statusOf } from '../security/audit-change'

const NEXT: Record<InstrumentStatus, readonly InstrumentStatus[]> = { active: ['blocked', 'closed'], blocked: ['active', 'closed'], closed: [] }

/** The system's card range (BIN/IIN prefix) for cards it issues electronically. */
export const CARD_PREFIX = '440043'

/** A new Luhn-valid 16-digit card number in the system's range. */
export function generatePan(random: (max: number) => number = randomInt): string {
  let body = CARD_PREFIX
  while (body.length < 15) body += String(random(10))
  return body + luhnCheckDigit(body)
}

export interface IssueInput {
  kind: InstrumentKind
  accountId: string
  holderName: string
  expiry?: string | undefined
}

/** Issuance and personalisation of cards and e-wallets (R3.2.2), their status, and their QR requisites (R3.2.1). */
export class InstrumentsService {
  constructor(
    private readonly repo: InstrumentsRepo,
    private readonly accounts: AccountsRepo,
    private readonly participants: ParticipantsRepo,
    private readonly sql: ReturnType<typeof statementCache>,
    private readonly panHash: (pan: string) => string,
    private readonly newId: () => string
  ) {}

  list(ctx: CallContext, f: { clientId?: string | undefined; issuerId?: string | undefined; query?: string | undefined }): Instrument[] {
    return this.repo.list({ ...f, issuerId: ctx.participantScope ?? f.issuerId ?? null })
  }

  /**
   * Issues an instrument on a client account. A card gets a fresh PAN (kept only as a keyed hash and a
   * masked form; the number itself goes to the client through the issuer's channel, never to this desk).
   */
  issue(ctx: CallContext, i: IssueInput): Instrument {
    const account = this.accounts.record(i.accountId)
    if (!account) return refuse('NOT_FOUND', 'registry.no_account', { id: i.accountId }, `no account ${i.accountId}`)
    if (account.kind !== 'client' || !account.client_id) return refuse('CONFLICT', 'registry.instrument_client_only', {}, 'instruments are issued on client accounts only')
    if (account.status !== 'open') refuse('CONFLICT', 'registry.account_no_new_instruments', { iban: account.iban, accountStatus: account.status }, `account ${account.iban} is ${account.status}: no new instruments`)
    // As for new accounts: a suspended or terminated issuer is not served (R9.1.5, R13.1, R15.2).
    const issuer = this.participants.get(account.participant_id)!
    if (issuer.status !== 'active') refuse('CONFLICT', 'registry.issuer_no_new_instruments', { code: issuer.code, participantStatus: issuer.status }, `${issuer.code} is ${issuer.status}: no new instruments`)
    if (i.kind === 'card') {
      if (!i.expiry) refuse('VALIDATION', 'registry.expiry_required', {}, 'a card needs an expiry month', ['expiry: a card needs an expiry month (YYYY-MM)'])
      if (i.expiry! <= operationalMonthOf(ctx.now)) refuse('VALIDATION', 'registry.expiry_past', {}, 'the expiry must be a future month', ['expiry: must be a future month'])
    }
    // A fresh number no card of the system has (the hash finds a collision without knowing the other number).
    let pan = generatePan()
    while (this.repo.byPanHash(this.panHash(pan))) pan = generatePan()
    // The wallet sequence's next number, past any a database seeded by an earlier version took outside it.
    let walletNo: string | null = null
    if (i.kind === 'wallet') {
      do walletNo = `W${String(nextInSequence(this.sql, 'wallet')).padStart(10, '0')}`
      while (this.repo.byWallet(walletNo))
    }
    const id = this.newId()
    this.repo.insert({
      id,
      kind: i.kind,
      accountId: account.id,
      clientId: account.client_id,
      issuerId: account.participant_id,
      panHash: i.kind === 'card' ? this.panHash(pan) : null,
      panMasked: i.kind === 'card' ? maskPan(pan) : null,
      walletNo,
      expiry: i.kind === 'card' ? i.expiry! : null,
      holderName: i.holderName,
      qrToken: randomBytes(18).toString('base64url'),
      createdAt: ctx.now,
      createdBy: ctx.user?.id ?? null
    })
    const issued = this.repo.get(id)!
    ctx.subject = issued.panMasked ?? issued.walletNo
    return issued
  }

  setStatus(ctx: CallContext, instrumentId: string, status: InstrumentStatus, reason: string): Instrument {
    const found = this.instrument(ctx, instrumentId)
    if (!NEXT[found.status].includes(status)) refuse('CONFLICT', 'registry.instrument_transition', { instrumentStatus: found.status, instrumentNext: status }, `the instrument is ${found.status}; it cannot become ${status}`)
    if (status === 'active' && this.accounts.record(found.accountId)?.status === 'closed')
      refuse('CONFLICT', 'registry.instrument_account_closed', { iban: found.iban }, `account ${found.iban} is closed: its instruments cannot be put back in service`)
    if (status === 'active') notTerminated(this.participants.get(found.issuerId)!)
    this.repo.setStatus(found.id, status, reason)
    const updated = this.repo.get(found.id)!
    ctx.recordChange(statusOf(found), statusOf(updated))
    return updated
  }

  qr(ctx: CallContext, instrumentId: string): InstrumentQr {
    const found = this.instrument(ctx, instrumentId)
    const payload = qrPayloadOf(found.qrToken)
    return { payload, svg: qrSvg(payload) }
  }

  private instrument(ctx: CallContext, id: string) {
    const found = this.repo.get(id)
    if (!found) return refuse('NOT_FOUND', 'registry.no_instrument', { id }, `no instrument ${id}`)
    ctx.subject = found.panMasked ?? found.walletNo
    const scope = ctx.participantScope
    if (scope && found.issuerId !== scope) fail('OUT_OF_SCOPE', 'that instrument is not issued by your bank')
    return found
  }
}
