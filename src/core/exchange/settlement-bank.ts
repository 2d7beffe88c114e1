/**
 * The settlement bank's BIC: the rules name «Kaspi Bank» JSC the settlement bank (clause 1.1.15), and a participant
 * gives its payment documents to it (R4.1), so a participant's payment file is addressed to this BIC.
 */
export const SETTLEMENT_BANK_BIC = 'CASPKZKA'
