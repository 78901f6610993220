import os from 'node:os';
import path from 'node:path';

/**
 * Where the office database lives unless told otherwise: KANAME_DB, else the user's data folder
 * (%APPDATA%\Kaname on Windows, ~/.local/share/kaname on Linux). The keyring and the backups
 * folder sit beside it.
 */
export function defaultDbPath(): string {
  const fromEnv = process.env['KANAME_DB'];
  if (fromEnv) return path.resolve(fromEnv);
  if (process.platform === 'win32') {
    const base = process.env['APPDATA'] ?? path.join(os.homedir(), 'AppData', 'Roaming');
    return path.join(base, 'Kaname', 'kaname.db');
  }
  if (process.platform === 'darwin')
    return path.join(os.homedir(), 'Library', 'Application Support', 'Kaname', 'kaname.db');
  const base = process.env['XDG_DATA_HOME'] ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'kaname', 'kaname.db');
}
