// XML 1.0 forbids these characters outright; a message carrying one could not be read back by anyone.
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/

/** Whether text can be written into an XML message at all (a name kept before the registry refused such characters may not). */
export const carriesInXml = (text: string): boolean => !ILLEGAL.test(text)

/**
 * Whether a registry's name (a participant's, a client's) is one line the messages can carry: no control character
 * (a tab, a line break…) and nothing XML cannot hold.
 */
export const usableAsName = (name: string): boolean => !/\p{Cc}/u.test(name) && carriesInXml(name)
