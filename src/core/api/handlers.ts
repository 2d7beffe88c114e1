import type { CallContext } from './context'
import type { CallOutput, ParsedInput } from './contract'
import type { CallName } from './names'
import type { AdminService } from '../security/admin-service'
import type { AuditLog } from '../security/audit-log'
import type { AuthService } from '../security/auth-service'
import type { ParticipantsService } from '../participants/participants-service'
import type { TerminalsService } from '../terminals/terminals-service'
import type { SettingsStore } from '../security/settings'
import type { BackupsService } from '../backups/backups-service'
import type { AccountsService } from '../accounts/accounts-service'
import type { ClientsService } from '../clients/clients-service'
import type { InstrumentsService } from '../instruments/instruments-service'
import type { OperationsService } from '../center/operations-service'
import type { RatesService } from '../center/rates-service'
import type { Ledger } from '../center/ledger'
import type { ClearingService } from '../clearing/clearing-service'
import type { SettlementService } from '../clearing/settlement-service'
import type { ReportsService } from '../clearing/reports-service'
import type { ExchangeService } from '../exchange/exchange-service'
import type { TokenService } from '../crypto/token-service'
import type { CryptoFilesService } from '../crypto/crypto-files-service'
import type { CertificatesService } from '../crypto/certificates-service'
import type { TrustService } from '../crypto/trust-service'
import type { DocumentsService } from '../documents/documents-service'
import type { DisputesService } from '../disputes/disputes-service'
import type { OfflineInvestigation } from '../disputes/offline-investigation'
import type { OwnCertificates } from '../crypto/own-certificate'
import { parseMoney } from '../domain/money'

export type Handler<N extends CallName> = (ctx: CallContext, input: ParsedInput<N>) => CallOutput<N> | (N extends `reports.${string}` | `messages.${string}` | `crypto.${string}` | `documents.${string}` | `disputes.${string}` | `backups.${string}` | 'ledger.verify' ? Promise<CallOutput<N>> : never)
export type Handlers = { [N in CallName]: Handler<N> }

export interface Services {
  auth: AuthService
  admin: AdminService
  audit: AuditLog
  settings: SettingsStore
  backups: BackupsService
  participants: ParticipantsService
  terminals: TerminalsService
  clients: ClientsService
  accounts: AccountsService
  instruments: InstrumentsService
  rates: RatesService
  operations: OperationsService
  ledger: Ledger
  clearing: ClearingService
  settlement: SettlementService
  reports: ReportsService
  exchange: ExchangeService
  tokens: TokenService
  cryptoFiles: CryptoFilesService
  certificates: CertificatesService
  trust: TrustService
  documents: DocumentsService
  disputes: DisputesService
  /** Offline investigation of disputes: bundles to and from a workspace, findings. */
  offline: OfflineInvestigation
  ownCertificates: OwnCertificates
}

/**
 * The services behind each call. Synchronous: the dispatcher runs each inside one SQLite transaction. A
 * report reads its data there and renders the file after the commit (the dispatcher awaits the promise).
 */
export function createHandlers(s: Services): Handlers {
  return {
    'session.state': (ctx) => s.auth.state(ctx),
    'session.signIn': (ctx, i) => s.auth.signIn(ctx, i.login, i.password),
    'session.changePassword': (ctx, i) => s.auth.changePassword(ctx, i.currentPassword, i.newPassword),
    'session.unlock': (ctx, i) => s.auth.unlock(ctx, i.password),
    'session.signOut': (ctx) => s.auth.signOut(ctx),
    'session.heartbeat': (ctx) => s.auth.state(ctx),
    'session.setLocale': (ctx, i) => s.auth.setLocale(ctx, i.locale),
    'users.list': (ctx, i) => s.admin.list(ctx, i),
    'users.create': (ctx, i) => s.admin.create(ctx, i),
    'users.block': (ctx, i) => s.admin.block(ctx, i.userId, i.reason),
    'users.unblock': (ctx, i) => s.admin.unblock(ctx, i.userId),
    'users.resetPassword': (ctx, i) => s.admin.resetPassword(ctx, i.userId),
    'users.setRoles': (ctx, i) => s.admin.setRoles(ctx, i.userId, i.roles),
    'users.breakGlassNotices': (ctx) => s.admin.breakGlassNotices(ctx),
    'users.acknowledgeBreakGlass': (ctx, i) => s.admin.acknowledgeBreakGlass(ctx, i.resetId),
    'approvals.list': (_ctx, i) => s.admin.approvals(i.status),
    'approvals.approve': (ctx, i) => s.admin.approve(ctx, i.approvalId),
    'approvals.reject': (ctx, i) => s.admin.reject(ctx, i.approvalId, i.reason),
    'audit.list': (_ctx, i) => s.audit.list(i),
    'audit.verify': (_ctx, i) => s.audit.verify(i.throughSeq),
    'settings.get': () => s.settings.get(),
    'settings.update': (ctx, i) => s.settings.update(ctx, i),
    'backups.list': () => s.backups.list(),
    'backups.storage': (ctx) => s.backups.storage(ctx.now),
    'backups.create': (ctx) => s.backups.create(ctx),
    'backups.verify': (ctx, i) => s.backups.verify(i.name, ctx.now),
    'participants.list': (ctx) => s.participants.list(ctx),
    'participants.create': (ctx, i) => s.participants.create(ctx, i),
    'participants.update': (ctx, i) => s.participants.update(ctx, i),
    'participants.setStatus': (ctx, i) => s.participants.setStatus(ctx, i.participantId, i.status, i.reason),
    'participants.history': (_ctx, i) => s.participants.history(i.participantId),
    'terminals.list': (ctx, i) => s.terminals.list(ctx, i.acquirerId),
    'terminals.create': (ctx, i) => s.terminals.create(ctx, i),
    'terminals.update': (ctx, i) => s.terminals.update(ctx, i.terminalId, i),
    'terminals.certify': (ctx, i) => s.terminals.certify(ctx, i.terminalId, i.certificateRef),
    'terminals.setStatus': (ctx, i) => s.terminals.setStatus(ctx, i.terminalId, i.status),
    'terminals.issueKey': (ctx, i) => s.terminals.issueKey(ctx, i.terminalId),
    'clients.list': (ctx, i) => s.clients.list(ctx, i.query, i.limit),
    'clients.create': (ctx, i) => s.clients.create(ctx, i),
    'clients.update': (ctx, i) => s.clients.update(ctx, i.clientId, i.name),
    'accounts.list': (ctx, i) => s.accounts.list(ctx, i),
    'accounts.open': (ctx, i) => s.accounts.open(ctx, i),
    'accounts.setLimits': (ctx, i) => s.accounts.setLimits(ctx, i.accountId, i.limitPerOp, i.limitDaily),
    'accounts.setStatus': (ctx, i) => s.accounts.setStatus(ctx, i.accountId, i.status, i.reason),
    'instruments.list': (ctx, i) => s.instruments.list(ctx, i),
    'instruments.issue': (ctx, i) => s.instruments.issue(ctx, i),
    'instruments.setStatus': (ctx, i) => s.instruments.setStatus(ctx, i.instrumentId, i.status, i.reason),
    'instruments.qr': (ctx, i) => s.instruments.qr(ctx, i.instrumentId),
    'rates.list': (_ctx, i) => s.rates.list(i.base, i.quote),
    'rates.set': (ctx, i) => s.rates.set(ctx, i),
    'operations.list': (ctx, i) => s.operations.list(ctx, i, i.limit),
    'operations.feed': (ctx, i) => s.operations.feed(ctx, i, i.limit),
    'operations.get': (ctx, i) => s.operations.get(ctx, i.seq),
    'operations.submit': (ctx, i) => s.operations.submit(ctx, i),
    'operations.complete': (ctx, i) => s.operations.complete(ctx, i.seq, i.amount, i.requestId),
    'operations.reverse': (ctx, i) => s.operations.reverse(ctx, i.seq, i.reason, i.requestId),
    'operations.stats': (ctx) => s.operations.stats(ctx),
    'ledger.verify': () => s.ledger.verify(),
    'opday.overview': (ctx) => s.clearing.overview(ctx),
    'opday.list': (ctx, i) => s.clearing.days(ctx, i.limit),
    'opday.close': (ctx, i) => s.clearing.close(ctx, i.reason),
    'opday.retry': (ctx, i) => s.clearing.retry(ctx, i.day),
    'clearing.result': (ctx, i) => s.clearing.result(ctx, i.day),
    'clearing.cellOperations': (ctx, i) => s.clearing.cellOperations(ctx, i.day, i.payer, i.payee, i.currency ?? null, i.limit),
    'settlement.submit': (ctx, i) => s.settlement.submit(ctx, i.day),
    'settlement.approve': (ctx, i) => s.settlement.approve(ctx, i.day),
    'settlement.instruct': (ctx, i) => s.settlement.instruct(ctx, i.day),
    'settlement.confirm': (ctx, i) => s.settlement.confirm(ctx, i.day, i.bankReference),
    'settlement.finalize': (ctx, i) => s.settlement.finalize(ctx, i.day),
    'settlement.funds': (ctx) => s.settlement.funds(ctx.participantScope),
    'settlement.setFunds': (ctx, i) => s.settlement.setFunds(ctx, i.participantId, i.currency, i),
    'settlement.setModel': (ctx, i) => s.settlement.setModel(ctx, i.participantId, i.model),
    'fees.tariffs': (ctx) => s.clearing.tariffs(ctx),
    'fees.setTariff': (ctx, i) => {
      const minor = (text: string | null) => (text === null ? null : parseMoney(text, i.currency).minor)
      return s.clearing.setTariff(ctx, {
        participantId: i.participantId, payerRole: i.payerRole, type: i.type, channel: i.channel, currency: i.currency,
        fixedMinor: minor(i.fixed)!, percentBp: i.percentBp, minMinor: minor(i.min), maxMinor: minor(i.max), effectiveFrom: i.effectiveFrom
      })
    },
    'fees.day': (ctx, i) => s.clearing.fees(ctx, i.day),
    'reports.clearing': (ctx, i) => s.reports.clearing(ctx, i.day, i.participantId ?? ctx.participantScope, i.format),
    'reports.statement': (ctx, i) => s.reports.statement(ctx, i.day, i.participantId, i.format),
    'reports.regulatory': (ctx, i) => s.reports.regulatory(ctx, i.from, i.to, i.format),
    'messages.validate': (_ctx, i) => s.exchange.validatePath(i.path),
    'messages.import': (ctx, i) => s.exchange.importPath(ctx, i.path, i.participantCode),
    'messages.upload': (ctx, i) => s.exchange.upload(ctx, i.fileName, i.base64, i.participantCode),
    'messages.export': (ctx, i) => s.exchange.export(ctx, i),
    'messages.list': (ctx, i) => s.exchange.list(ctx, i.participantCode ?? null, i.direction ?? null, i.limit),
    'messages.get': (ctx, i) => s.exchange.get(ctx, i.id),
    'messages.status': (ctx, i) => s.exchange.status(ctx, i.id),
    'crypto.tokens': () => s.tokens.panel(),
    'crypto.signFile': (ctx, i) => s.cryptoFiles.signFile(ctx, i.path, i.out, i.detached),
    'crypto.verifyFile': (ctx, i) => s.cryptoFiles.verifyFile(ctx, i.path, i.signature ?? null),
    'crypto.encryptFile': (ctx, i) => s.cryptoFiles.encryptFile(ctx, i.path, i.out, i.recipients),
    'crypto.decryptFile': (ctx, i) => s.cryptoFiles.decryptFile(ctx, i.path, i.out),
    'crypto.certificates': (ctx, i) => s.certificates.list(ctx, i.userId ?? null),
    'crypto.bindCertificate': (ctx, i) => s.certificates.bind(ctx, i.certificate, i.userId ?? null),
    'crypto.importKeyFile': (ctx, i) => s.certificates.importKeyFile(ctx, i.fileName, i.base64),
    'crypto.unbindCertificate': (ctx, i) => s.certificates.unbind(ctx, i.fingerprint, i.reason),
    'crypto.generateKey': (ctx, i) => s.certificates.generateKey(ctx, i),
    'crypto.exportCertificate': (ctx, i) => s.ownCertificates.export(ctx, i.fingerprint ?? null),
    'trust.list': () => s.trust.list(),
    'trust.addAnchors': (ctx, i) => s.trust.addAnchors(ctx, i.certificates),
    'trust.removeAnchor': (ctx, i) => s.trust.removeAnchor(ctx, i.fingerprint, i.reason),
    'trust.addCrl': (ctx, i) => s.trust.addCrl(ctx, i.crl),
    'trust.addPartyCertificate': (ctx, i) => s.trust.addPartyCertificate(ctx, i.party, i.certificate),
    'trust.removePartyCertificate': (ctx, i) => s.trust.removePartyCertificate(ctx, i.fingerprint, i.reason),
    'documents.parties': (ctx) => s.documents.parties(ctx),
    'documents.list': (ctx, i) => s.documents.list(ctx, i.box, i.limit),
    'documents.send': (ctx, i) => s.documents.send(ctx, i),
    'documents.open': (ctx, i) => s.documents.open(ctx, i.id),
    'documents.download': (ctx, i) => s.documents.download(ctx, i.id, i.index),
    'documents.forward': (ctx, i) => s.documents.forward(ctx, i.id, i.party, i.consent),
    'documents.export': (ctx, i) => s.documents.export(ctx, i.id, i.out ?? null),
    'documents.import': (ctx, i) => s.documents.import(ctx, i.fileName, i.base64),
    'documents.accessLog': (ctx, i) => s.documents.accessLog(ctx, i.id),
    'disputes.list': (ctx, i) => s.disputes.list(ctx, i),
    'disputes.get': (ctx, i) => s.disputes.get(ctx, i.id),
    'disputes.file': (ctx, i) => s.disputes.file(ctx, i),
    'disputes.importMessage': (ctx, i) => s.disputes.importMessage(ctx, i.fileName, i.base64, i.participantCode),
    'disputes.take': (ctx, i) => s.disputes.take(ctx, i.id),
    'disputes.requestInformation': (ctx, i) => s.disputes.requestInformation(ctx, i.id, i.from, i.question),
    'disputes.answer': (ctx, i) => s.disputes.answer(ctx, i.id, i.text, i.evidence),
    'disputes.addEvidence': (ctx, i) => s.disputes.addEvidence(ctx, i.id, i.evidence),
    'disputes.evidence': (ctx, i) => s.disputes.evidence(ctx, i.id, i.evidenceId),
    'disputes.decide': (ctx, i) => s.disputes.decide(ctx, i.id, i.outcome, i.amount, i.grounds),
    'disputes.appeal': (ctx, i) => s.disputes.appeal(ctx, i.id, i.grounds),
    'disputes.close': (ctx, i) => s.disputes.close(ctx, i.id),
    'disputes.withdraw': (ctx, i) => s.disputes.withdraw(ctx, i.id, i.reason),
    'disputes.terms': (ctx) => s.disputes.terms(ctx),
    'disputes.setTerms': (ctx, i) => s.disputes.setTerms(ctx, i),
    'disputes.addFinding': (ctx, i) => s.offline.addFinding(ctx, i.id, i.text),
    'disputes.exportBundle': (ctx, i) => s.offline.exportBundle(ctx, i.id, i.recipientCertificate),
    'disputes.importBundle': (ctx, i) => s.offline.importBundle(ctx, i.fileName, i.base64)
  }
}
