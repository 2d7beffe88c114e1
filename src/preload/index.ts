import { contextBridge, ipcRenderer } from 'electron'
import { CALL_NAMES } from '../core/api/names'
import { buildApi } from '../core/api/client'
import { CALL_CHANNEL } from '../main/electron/channel'

// One method per call, all over one invoke channel that main validates; the renderer never sees ipcRenderer.
contextBridge.exposeInMainWorld(
  'api',
  buildApi(CALL_NAMES, (name, input) => ipcRenderer.invoke(CALL_CHANNEL, name, input))
)
