// The transaction id the desk's messages give an operation (pacs.002, pacs.004, camt.029 …), and back.
export const txIdOf = (seq: number): string => `OP-${seq}`

export const seqOfTxId = (txId: string): number | null => {
  const m = /^OP-(\d{1,15})$/.exec(txId)
  return m ? Number(m[1]) : null
}
