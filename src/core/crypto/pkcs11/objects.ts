// Finding objects and reading their attributes; C_FindObjectsFinal always runs so the session stays usable.
import * as pkcs11 from 'pkcs11js'
import type { Handle } from './session'

export function findObjects(lib: pkcs11.PKCS11, session: Handle, template: pkcs11.Template): Handle[] {
  lib.C_FindObjectsInit(session, template)
  try {
    const found: Handle[] = []
    for (;;) {
      const batch = lib.C_FindObjects(session, 32)
      if (batch.length === 0) return found
      found.push(...batch)
    }
  } finally {
    lib.C_FindObjectsFinal(session)
  }
}

/** Attribute values by type; an attribute the object lacks makes the whole call fail, so ask only for sure ones. */
export function readAttributes(lib: pkcs11.PKCS11, session: Handle, object: Handle, types: number[]): Map<number, Buffer> {
  const result = lib.C_GetAttributeValue(session, object, types.map((type) => ({ type })))
  return new Map(result.map((a) => [a.type, a.value]))
}

/** One optional boolean attribute; false when the object does not have it (CKR_ATTRIBUTE_TYPE_INVALID). */
export function readFlag(lib: pkcs11.PKCS11, session: Handle, object: Handle, type: number): boolean {
  try {
    const v = readAttributes(lib, session, object, [type]).get(type)
    return v !== undefined && v.length > 0 && v[0] !== 0
  } catch {
    return false
  }
}

export function idTemplate(objectClass: number, idHex: string): pkcs11.Template {
  return [
    { type: pkcs11.CKA_CLASS, value: objectClass },
    { type: pkcs11.CKA_ID, value: Buffer.from(idHex, 'hex') }
  ]
}
