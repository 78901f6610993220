import fs from 'node:fs';
import { rotatingBackup, restoreFrom } from '../../electron/core/system/backup.service';
import { closeOffice, sessionOf, unlockOffice } from '../../electron/core/office/office.service';

/**
 * A child process for the crash tests (restore-crash.test.ts): runs one restore or one backup and
 * kills itself with SIGKILL just before its Nth file operation, as a power cut or a killed process
 * would (or after a numbered step of the restore). Without a kill point it runs to the end and prints how many file operations it made.
 * Counting at the fs layer needs no help from the code under test, so it also measures old code.
 *
 *   node --import tsx crash-worker.ts '{"mode":"restore","dbPath":…,"from":…,"login":…,"password":…,"killBefore":3}'
 */

type Job = {
  mode: 'restore' | 'backup';
  dbPath: string;
  from?: string;
  login: string;
  password: string;
  killBefore: number | null;
  /** Instead: SIGKILL after this step of the restore's journalled sequence (restore-journal.ts). */
  killAfterStep?: number;
};

const mutating = [
  'renameSync',
  'copyFileSync',
  'rmSync',
  'unlinkSync',
  'writeFileSync',
  'writeSync',
  'fsyncSync',
  'mkdirSync',
] as const;

let ops = 0;

function countFileOperations(killBefore: number | null): void {
  const target = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of mutating) {
    const original = target[name]!;
    target[name] = (...args: unknown[]) => {
      ops += 1;
      if (ops === killBefore) process.kill(process.pid, 'SIGKILL');
      return original.apply(fs, args);
    };
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job;
  if (job.mode === 'restore') {
    countFileOperations(job.killBefore);
    await restoreFrom(job.from!, job.dbPath, job.login, job.password, {
      afterStep: (step) => {
        if (step === job.killAfterStep) process.kill(process.pid, 'SIGKILL');
      },
    });
  } else {
    const { office, account, keys } = await unlockOffice(job.dbPath, job.login, job.password);
    countFileOperations(job.killBefore);
    rotatingBackup(office, sessionOf(account, keys).actor);
    closeOffice(office);
  }
  process.stdout.write(`${JSON.stringify({ ops })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
