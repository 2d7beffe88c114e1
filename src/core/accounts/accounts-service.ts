import type { CallContext } from '../api/context'
import type { Account, AccountKind, AccountStatus } from '../api/types'
import type { ClientsRepo } from '../clients/clients-repo'
import { AppError, fail, refuse } from '../domain/errors'
import { money, parseMoney, toDecimal } from '../domain/money'
import type { InstrumentsRepo } from '../instruments/instruments-repo'
import type { ParticipantsRepo } from '../participants/participants-repo'
import { notTerminated } from '../participants/participants-service'
import { statusOf } from '../security/audit-change'
import { auditDetail, type AuditLog } from '../security/audit-log'
import { bankCodeOf, type AccountsRepo } from './accounts-repo'

const NEXT: Record<AccountStatus, readonly AccountStatus[]> = { open: ['blocked', 'closed'], blocked: ['open', 'closed'], closed: [] }
const minorOf = (text: string | null | undefined, currency: string): number | null => (text == null ? null : parseMoney(text, currency).minor)
/** An account's limits as the desk writes amounts ("5000.00"; null: no limit), for the audit of their change. */
const limitsText = (a: Account) => {
  const text = (minor: number | null) => (minor === null ? null : toDecimal(money(minor, a.currency)))
  return { limitPerOp: text(a.limitPerOpMinor), limitDaily: text(a.limitDailyMinor) }
}

/** An account's debit limits in minor units; one operation may not be allowed more than the whole day. */
function limitsOf(perOp: string | null | undefined, daily: string | null | undefined, currency: string): { perOp: number | null; daily: number | null } {
  const limits = { perOp: minorOf(perOp, currency), daily: minorOf(daily, currency) }
  if (limits.perOp !== null && limits.daily !== null && limits.perOp > limits.daily)
    throw new AppError('VALIDATION', `limitPerOp: must not exceed the daily limit (${daily} ${currency})`, undefined, [{ rule: 'per_op_above_daily', value: 'limitPerOp' }])
  return limits
}

/** Accounts (R1.1.19): opening at an issuer with a system-allocated IBAN, limits, blocking and closing. */
export class AccountsService {
  constructor(
    private readonly repo: AccountsRepo,
    private readonly clients: ClientsRepo,
    private readonly participants: ParticipantsRepo,
    private readonly instruments: InstrumentsRepo,
    private readonly audit: AuditLog,
    private readonly newId: () => string
  ) {}

  list(ctx: CallContext, f: { clientId?: string | undefined; participantId?: string | undefined; kind?: AccountKind | undefined; query?: string | undefined }): Account[] {
    return this.repo.list({ ...f, participantId: ctx.participantScope ?? f.participantId ?? null })
  }

  open(ctx: CallContext, i: { clientId: string; participantId: string; currency: string; overdraft?: string | undefined; limitPerOp?: string | undefined; limitDaily?: string | undefined }): Account {
    const client = this.clients.get(i.clientId)
    if (!client) return refuse('NOT_FOUND', 'registry.no_client', { id: i.clientId }, `no client ${i.clientId}`)
    const bank = this.participants.get(i.participantId)
    if (!bank) return refuse('NOT_FOUND', 'registry.no_participant', { id: i.participantId }, `no participant ${i.participantId}`)
    if (!bank.issuer) refuse('CONFLICT', 'registry.not_issuer', { code: bank.code }, `${bank.code} is not an issuer: it does not keep client accounts`)
    if (bank.status !== 'active') refuse('CONFLICT', 'registry.issuer_no_new_accounts', { code: bank.code, participantStatus: bank.status }, `${bank.code} is ${bank.status}: no new accounts`)
    const limits = limitsOf(i.limitPerOp, i.limitDaily, i.currency)
    const account = this.repo.openClientAccount({
      id: this.newId(),
      participantId: bank.id,
      bankCode: bankCodeOf(bank.code),
      clientId: client.id,
      currency: i.currency,
      minBalanceMinor: -(minorOf(i.overdraft, i.currency) ?? 0),
      limitPerOpMinor: limits.perOp,
      limitDailyMinor: limits.daily,
      now: ctx.now
    })
    ctx.subject = account.iban
    return account
  }

  setLimits(ctx: CallContext, accountId: string, limitPerOp: string | null, limitDaily: string | null): Account {
    const a = this.account(ctx, accountId)
    const limits = limitsOf(limitPerOp, limitDaily, a.currency)
    this.repo.setLimits(a.id, limits.perOp, limits.daily)
    const updated = this.repo.get(a.id)!
    ctx.recordChange(limitsText(a), limitsText(updated))
    return updated
  }

  setStatus(ctx: CallContext, accountId: string, status: AccountStatus, reason: string): Account {
    const a = this.account(ctx, accountId)
    if (!NEXT[a.status].includes(status)) refuse('CONFLICT', 'registry.account_transition', { iban: a.iban, accountStatus: a.status, accountNext: status }, `account ${a.iban} is ${a.status}; it cannot become ${status}`)
    if (status === 'closed' && (a.balanceMinor !== 0 || a.heldMinor !== 0)) refuse('CONFLICT', 'registry.account_not_empty', { iban: a.iban }, `account ${a.iban} still holds money or holds: it cannot be closed`)
    if (status === 'open') notTerminated(this.participants.get(a.participantId)!)
    this.repo.setStatus(a.id, status, reason)
    if (status === 'closed') this.closeInstruments(ctx, a, reason)
    const updated = this.repo.get(a.id)!
    ctx.recordChange(statusOf(a), statusOf(updated))
    return updated
  }

  /**
   * A closed account moves no money again, so its cards and e-wallets in service are closed with it, in the same
   * transaction (R3.2.2, R7.5): closed, not blocked, since neither can come back. Each change is recorded as the desk's
   * own instruments.setStatus is, by the same user; a blocked one keeps its status and the reason it was blocked.
   */
  private closeInstruments(ctx: CallContext, a: Account, reason: string): void {
    const why = `account ${a.iban} closed: ${reason}`
    for (const i of this.instruments.activeOn(a.clientId!, a.id)) {
      this.instruments.setStatus(i.id, 'closed', why)
      this.audit.append({
        at: ctx.now,
        actorId: ctx.user?.id ?? null,
        actorLogin: ctx.user?.login ?? null,
        sessionId: ctx.session?.id ?? null,
        action: 'instruments.setStatus',
        outcome: 'ok',
        errorCode: null,
        subject: i.panMasked ?? i.walletNo,
        detail: auditDetail({ instrumentId: i.id, status: 'closed', reason: why })
      })
    }
  }

  private account(ctx: CallContext, id: string): Account {
    const a = this.repo.get(id)
    if (!a) return refuse('NOT_FOUND', 'registry.no_account', { id }, `no account ${id}`)
    ctx.subject = a.iban
    if (a.kind !== 'client') refuse('CONFLICT', 'registry.system_account', { iban: a.iban }, `${a.iban} is a ${a.kind} account of the system: it is kept by the Center`)
    const scope = ctx.participantScope
    if (scope && a.participantId !== scope) fail('OUT_OF_SCOPE', 'that account is not at your bank')
    return a
  }
}
