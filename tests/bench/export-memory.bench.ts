import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * The browser host's memory during the 職員名簿 export at city scale (issue 15, docs/exports.md):
 * a 35,000-staff office (the city demo), the host in its own process, the export asked for as
 * before (base64 inside the JSON answer) and with delivery 'file' (written to the outbox with the
 * streaming writer, then fetched from /download/<id>). The host's peak RSS is the kernel's own
 * high-water mark (VmHWM, reset through /proc/<pid>/clear_refs after the idle reading), so no
 * sampling can miss it. Goal: peak ≤ 1.5 × idle + the file's size. A figure, not a timed test.
 *
 * BENCH_STAFF changes the office size (default 35,000). Linux only (/proc).
 */

const here = fileURLToPath(import.meta.url);
const password = 'bench-password-0001';
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function hostMode(dbPath: string, rendererDir: string): Promise<void> {
  const { startHost } = await import('../../electron/host/server');
  const host = await startHost({ dbPath, rendererDir, port: 0 });
  process.stdout.write(`${JSON.stringify({ origin: host.origin, token: host.token })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void host.close().then(() => process.exit(0)));
}

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(line?.replace(/\D+/gu, '') ?? 0) * 1024;
}

type Measured = { mode: string; idle: number; peak: number; size: number; ms: number };

async function measure(dbPath: string, rendererDir: string, delivery: boolean): Promise<Measured> {
  const child = spawn(process.execPath, ['--import', 'tsx', here, 'host', dbPath, rendererDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve);
  });
  const { origin, token } = JSON.parse(first) as { origin: string; token: string };
  const api = async (channel: string, arg: unknown): Promise<Response> =>
    fetch(`${origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kaname-token': token },
      body: JSON.stringify(arg),
    });
  try {
    const login = (await (await api('auth:login', { login: 'admin', password })).json()) as { ok: boolean };
    if (!login.ok) throw new Error('login failed');
    // Load the export's code once (a template), then let the host settle: that is its idle.
    await (await api('excel:template', { kind: 'staff' })).text();
    await new Promise((r) => setTimeout(r, 1500));
    const idle = procStatus(child.pid!, 'VmRSS');
    fs.writeFileSync(`/proc/${child.pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
    const t = performance.now();
    let size: number;
    if (delivery) {
      const answer = (await (await api('excel:export', { kind: 'staff', fy: null, delivery: 'file' })).json()) as {
        ok: boolean;
        value: { file: { id: string; bytes: number } };
      };
      if (!answer.ok) throw new Error('export failed');
      const res = await fetch(`${origin}/download/${answer.value.file.id}`, { headers: { 'x-kaname-token': token } });
      size = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) size += chunk.length;
    } else {
      const answer = (await (await api('excel:export', { kind: 'staff', fy: null })).json()) as {
        ok: boolean;
        value: { data: string };
      };
      if (!answer.ok) throw new Error('export failed');
      size = Buffer.byteLength(answer.value.data, 'base64');
    }
    const ms = performance.now() - t;
    const peak = procStatus(child.pid!, 'VmHWM');
    return { mode: delivery ? "delivery 'file' (streamed)" : 'base64 in JSON (as before)', idle, peak, size, ms };
  } finally {
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
  }
}

async function main(): Promise<void> {
  const staff = Number(process.env.BENCH_STAFF ?? 35_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaname-export-bench-'));
  try {
    const rendererDir = path.join(dir, 'renderer');
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>bench</title>');
    const dbPath = path.join(dir, 'city.db');
    const t = performance.now();
    const { createDemoCity } = await import('../../electron/core/demo/demo-city');
    const { closeOffice } = await import('../../electron/core/office/office.service');
    const { office } = await createDemoCity(dbPath, password, false, staff);
    closeOffice(office);
    process.stdout.write(
      `office: ${staff.toLocaleString('en-US')} staff, built in ${Math.round(performance.now() - t)} ms\n`,
    );
    process.stdout.write('mode                          idle MB  peak MB  file MB  goal MB  peak/goal  time ms\n');
    for (const delivery of [false, true]) {
      const m = await measure(dbPath, rendererDir, delivery);
      const goal = 1.5 * m.idle + m.size;
      process.stdout.write(
        `${m.mode.padEnd(29)} ${String(mb(m.idle)).padStart(7)}  ${String(mb(m.peak)).padStart(7)}  ${String(
          mb(m.size),
        ).padStart(7)}  ${String(mb(goal)).padStart(7)}  ${(m.peak / goal).toFixed(2).padStart(9)}  ${String(
          Math.round(m.ms),
        ).padStart(7)}  ${m.peak <= goal ? 'goal met' : 'over the goal'}\n`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'host') {
  void hostMode(process.argv[3] ?? '', process.argv[4] ?? '');
} else {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
