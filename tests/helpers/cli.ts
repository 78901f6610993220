import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { run } from '../../electron/cli/main';

/** The CLI as the README starts it (bin/kaname.cjs, which runs the bundle in out/cli). */
export const kanameBin = fileURLToPath(new URL('../../bin/kaname.cjs', import.meta.url));

export type CliRun = { status: number | null; stdout: string; stderr: string };
export type CliEnv = { KANAME_PASSWORD?: string; KANAME_USER?: string };

/**
 * The CLI run in this process: the same run() the bin calls, its output caught in buffers and its
 * exit code returned. It sees only the credentials given here (never the caller's own).
 */
export async function runKaname(args: string[], env: CliEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { ...env },
  });
  return { status, stdout, stderr };
}

/** The real bin in a child process, with only the credentials given here (for what only a process shows). */
export function spawnKaname(args: string[], env: CliEnv = {}): Promise<CliRun> {
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
