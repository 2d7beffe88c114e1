import type { OneTimePassword } from '../api/types'
import type { SecurityDeps } from './deps'
import { hashPassword } from './password-hash'
import { generateOneTimePassword } from './password-policy'
import { MINUTE } from './sessions'

/**
 * A new one-time password in place of the user's password, valid for the hours the security settings give: the user
 * must change it at the next sign-in (R12.4). Sessions opened with the password it replaces end at their next call.
 */
export function issueOneTimePassword(d: Pick<SecurityDeps, 'users' | 'settings' | 'cost'>, userId: string, now: number): OneTimePassword {
  const oneTimePassword = generateOneTimePassword()
  const expiresAt = now + d.settings.get().oneTimePasswordHours * 60 * MINUTE
  d.users.setOneTimePassword(userId, hashPassword(oneTimePassword, d.cost), expiresAt, now)
  return { oneTimePassword, expiresAt }
}
