import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI as the README starts it (bin/kaname.cjs), run in a child process. */
export const kanameBin = fileURLToPath(new URL('../../bin/kaname.cjs', import.meta.url));

export type CliRun = { status: number | null; stdout: string; stderr: string };
export type CliEnv = { KANAME_PASSWORD?: string; KANAME_USER?: string };

/** Runs the CLI with only the credentials given here (never the caller's own). */
export function runKaname(args: string[], env: CliEnv = {}): Promise<CliRun> {
  const base = { ...process.env };
  delete base['KANAME_PASSWORD'];
  delete base['KANAME_USER'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [kanameBin, ...args], { env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
