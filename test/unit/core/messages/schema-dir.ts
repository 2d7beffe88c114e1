import { join } from 'node:path'

/** The official schemas as shipped with the app (copied from ../shared/iso20022/xsd, see SOURCES.txt there). */
export const SCHEMA_DIR = join(__dirname, '../../../../build/iso20022/xsd')
