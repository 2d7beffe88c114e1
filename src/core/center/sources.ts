// Where a request came from: its idempotency namespace (operations.source), unique together with its request id.
// A terminal's requests carry its code; the prefixes below name the other kinds, here alone so that the lookup
// by request id over every source lists exactly what is written.
const DESK = 'ui:'
const FILE = 'file:'

/** A desk user's own request (no terminal named). */
export const deskSource = (login: string): string => `${DESK}${login}`

/** A participant's file of payment messages. */
export const fileSource = (participantCode: string): string => `${FILE}${participantCode}`

/** The dispute desk's revocations (R10.1.3): reversals and returns of accepted disputes. */
export const DISPUTES_SOURCE = 'disputes'

/** Every source there can be, as SQL: terminals, desk users, participants' files, and the app channel's own ('app'). */
export const EVERY_SOURCE_SQL = `SELECT '${FILE}' || code FROM participants UNION ALL SELECT code FROM terminals UNION ALL SELECT '${DESK}' || login FROM users UNION ALL SELECT 'app'`
