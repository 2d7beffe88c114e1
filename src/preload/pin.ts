import { contextBridge, ipcRenderer } from 'electron'
import { PIN_CHANNELS } from '../main/electron/pin-channel'

// The PIN window's preload: window.pinDialog and nothing else (no window.api, no ipcRenderer). Main answers
// these channels only for the PIN window it opened, and takes one answer.
contextBridge.exposeInMainWorld('pinDialog', {
  request: () => ipcRenderer.invoke(PIN_CHANNELS.request),
  submit: (pin: string) => ipcRenderer.send(PIN_CHANNELS.submit, String(pin)),
  cancel: () => ipcRenderer.send(PIN_CHANNELS.cancel)
})
