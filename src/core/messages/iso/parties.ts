import type { MessageParty } from '../types'
import { checkBic, checkIban, checkIdn, isBin } from './values'
import type { XmlWriter } from './xml-write'
import { at, children, textAt, textOf, type ReadProblems, type XNode, type Line } from './xml-read'

/** `<Name><FinInstnId><BICFI>…` — a bank (BranchAndFinancialInstitutionIdentification6) by its BIC only. */
export const writeAgent = (w: XmlWriter, name: string, bic: string): XmlWriter => w.path([name, 'FinInstnId', 'BICFI'], bic)

/** `<Name><Agt><FinInstnId><BICFI>…` — a bank as a Party40Choice (case assigner, assignee, creator). */
export const writeAgentParty = (w: XmlWriter, name: string, bic: string): XmlWriter => w.path([name, 'Agt', 'FinInstnId', 'BICFI'], bic)

/** `<Name><Id><IBAN>…` — an account (CashAccount38) by its IBAN. */
export const writeAccount = (w: XmlWriter, name: string, iban: string): XmlWriter => w.path([name, 'Id', 'IBAN'], iban)

/**
 * A payer or payee (PartyIdentification135): the name, and the IIN in PrvtId/Othr (scheme IIN) or the BIN in
 * OrgId/Othr (scheme BIN) — see MAPPING.md for why there.
 */
export function writeParty(w: XmlWriter, name: string, party: MessageParty): void {
  w.open(name).leaf('Nm', party.name)
  if (party.idn !== null) {
    const bin = isBin(party.idn)
    w.open('Id').open(bin ? 'OrgId' : 'PrvtId').open('Othr').leaf('Id', party.idn).path(['SchmeNm', 'Prtry'], bin ? 'BIN' : 'IIN').close().close().close()
  }
  w.close()
}

/** The party's name and IIN/BIN; the IIN/BIN check digit and the scheme against the place are checked. */
export function readParty(p: ReadProblems, node: XNode | undefined, line: (...path: string[]) => Line, what: string): { name: string; idn: string | null } {
  const name = textAt(node, 'Nm') ?? ''
  if (name === '') p.add(line('Nm'), `${what}: name (Nm) missing`)
  let idn: string | null = null
  for (const kind of ['OrgId', 'PrvtId'] as const) {
    for (const othr of children(at(node, 'Id', kind), 'Othr')) {
      const scheme = textAt(othr, 'SchmeNm', 'Prtry') ?? textAt(othr, 'SchmeNm', 'Cd')
      if (scheme !== 'IIN' && scheme !== 'BIN') continue
      const id = textAt(othr, 'Id') ?? ''
      const l = line('Id', kind, 'Othr', 'Id')
      checkIdn(p, l, id, `${what} ${scheme}`)
      if ((scheme === 'BIN') !== (kind === 'OrgId')) p.add(l, `${what}: a ${scheme} belongs in ${scheme === 'BIN' ? 'OrgId' : 'PrvtId'}, not ${kind}`)
      idn = id
    }
  }
  return { name, idn }
}

export const readAgentBic = (p: ReadProblems, node: XNode | undefined, line: Line, what: string): string =>
  checkBic(p, line, textAt(node, 'FinInstnId', 'BICFI'), what)

export const readAgentPartyBic = (p: ReadProblems, node: XNode | undefined, line: Line, what: string): string =>
  checkBic(p, line, textAt(node, 'Agt', 'FinInstnId', 'BICFI'), what)

/**
 * The bank that created an investigation case (Case/Cretr, RslvdCase/Cretr: a Party40Choice). A creator named as a
 * party (Pty), not a bank, has no BIC; `otherwise` stands in for it.
 */
export const readCreatorBic = (p: ReadProblems, cretr: XNode | undefined, line: Line, what: string, otherwise: string): string =>
  at(cretr, 'Agt') === undefined ? otherwise : readAgentPartyBic(p, cretr, line, what)

export const readAccountIban = (p: ReadProblems, node: XNode | undefined, line: Line, what: string): string =>
  checkIban(p, line, textAt(node, 'Id', 'IBAN'), what)

/**
 * Unstructured remittance (RmtInf/Ustrd, 140 characters each, repeatable): longer text is split into
 * 140-character pieces by code point, and read back by joining them.
 */
export function writeRemittance(w: XmlWriter, text: string | null): void {
  if (text === null) return
  const chars = [...text]
  w.open('RmtInf')
  for (let i = 0; i < chars.length || i === 0; i += 140) w.leaf('Ustrd', chars.slice(i, i + 140).join(''))
  w.close()
}

export function readRemittance(node: XNode | undefined): string | null {
  const parts = children(at(node, 'RmtInf'), 'Ustrd')
  return parts.length ? parts.map((u) => textOf(u) ?? '').join('') : null
}
