import type { ParticipantsRepo } from '../participants/participants-repo'
import type { BreakGlassRepo } from './break-glass-repo'
import type { ScryptCost } from './password-hash'
import type { SessionRegistry } from './sessions'
import type { SettingsStore } from './settings'
import type { UsersRepo } from './users-repo'

/** What the security services share: the stores, the session registry, ids and the scrypt cost. */
export interface SecurityDeps {
  users: UsersRepo
  breakGlass: BreakGlassRepo
  participants: ParticipantsRepo
  settings: SettingsStore
  sessions: SessionRegistry
  newId: () => string
  cost: ScryptCost
  /** The first administrator this start created on an empty database, with its one-time password (shown until used). */
  firstAdministrator?: { login: string; oneTimePassword: string } | null
}
