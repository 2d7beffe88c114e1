/** The single IPC channel of the call contract (imported by the preload and by main). */
export const CALL_CHANNEL = 'workstation:call'
