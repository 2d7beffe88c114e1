/** The PIN window's own IPC channels (imported by its preload and by main); main answers only the PIN window on them. */
export const PIN_CHANNELS = {
  request: 'pin-dialog:request',
  submit: 'pin-dialog:submit',
  cancel: 'pin-dialog:cancel'
} as const
