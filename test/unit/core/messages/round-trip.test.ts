import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { codecOf, readMessage, writeMessage } from '../../../../src/core/messages'
import { MESSAGE_TYPES } from '../../../../src/core/messages/types'
import { XsdValidator } from '../../../../src/core/messages/xsd'
import { ARBITRARIES } from './arbitraries'
import { SCHEMA_DIR } from './schema-dir'

const validator = new XsdValidator(SCHEMA_DIR)

describe.each(MESSAGE_TYPES)('%s codec', (type) => {
  it('reads back exactly what it wrote (property-based)', () => {
    const codec = codecOf(type)
    fc.assert(
      fc.property(ARBITRARIES[type], (data) => {
        expect(codec.read(codec.write(data as never))).toEqual(data)
      }),
      { numRuns: 150 }
    )
  })

  it('writes schema-valid UTF-8 XML in the right namespace, and readMessage accepts it', async () => {
    for (const data of fc.sample(ARBITRARIES[type] as fc.Arbitrary<unknown>, { numRuns: 3, seed: 42 })) {
      const xml = await writeMessage(type, data as never, validator)
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:' + type + '">')).toBe(true)
      const r = await readMessage(xml, validator)
      expect(r.errors).toEqual([])
      expect(r).toMatchObject({ valid: true, messageType: type })
      expect(r.message).toEqual(data)
    }
  })
})
