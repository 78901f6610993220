import { contextBridge, ipcRenderer } from 'electron';
import { channelNames } from '../../shared/channels';

/**
 * window.api: exactly one function per channel of the contract, each a single invoke.
 * Nothing of ipcRenderer itself is exposed.
 */
const api = Object.fromEntries(channelNames.map((name) => [name, (req: unknown) => ipcRenderer.invoke(name, req)]));

contextBridge.exposeInMainWorld('api', Object.freeze(api));
