import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { AnyImportKind, ImportCounts, ImportProblem, RowChange } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import type { StaffRecord } from '../staff/org.repo';
import type { ParsedImport } from './kind';
import { rowsOf } from './io/sheet-reader';
import type { SheetRead } from './io/sheet-reader';
import { parseWorkbook } from './parse';
import type { ImportOptions } from './plan';
import { planStaffFrom } from './roster/staff';

/*
 * The import worker (docs/workbook-import.md): parses an uploaded file — the guard, exceljs's
 * document reader, the sheet into plain rows — off the main thread, and for the 職員名簿 (the one
 * kind that reaches tens of thousands of rows) also plans the preview against a snapshot of the
 * stored staff that the main thread read. It never opens the database; the commit's one write
 * transaction stays on the main thread. Started by import-thread.ts; every message is plain data.
 */

export type WorkerRequest = {
  kind: AnyImportKind;
  fileName: string;
  file: Uint8Array;
  /** The stored staff, for a 職員名簿 preview planned here; null to parse only. */
  staff: StaffRecord[] | null;
  options: ImportOptions;
};

/** A preview's plan made in the worker (counts, problems and the listed changes). */
export type WorkerPlan = {
  sheet: string;
  counts: ImportCounts;
  problems: ImportProblem[];
  changes: RowChange[];
};

export type WorkerMessage =
  /** Sent once the worker's code (exceljs with it) has loaded, before it has any file. */
  | { type: 'ready' }
  | { type: 'progress'; percent: number }
  | { type: 'done'; parsed: PackedParse; plan: WorkerPlan | null }
  | { type: 'error'; code: string | null; message: string; field: string | null };

/**
 * A parsed file as it crosses to the main thread: its bulk (a sheet's rows, a workbook's form cells)
 * as v8-serialised bytes, moved without a copy and read only when the main thread first needs them
 * (a preview planned here never does; the commit does, inside its transaction).
 */
export type PackedParse = { head: Record<string, unknown>; key: 'read' | 'reads' | 'sheets'; body: Uint8Array };

export function pack(parsed: ParsedImport): PackedParse {
  // A roster sheet's rows, the 研修 workbook's two sheets, or a workbook's form cells.
  const key = 'read' in parsed ? 'read' : 'reads' in parsed ? 'reads' : 'sheets';
  const { [key]: bulk, ...head } = parsed as unknown as Record<string, unknown>;
  if (key !== 'read') return { head, key, body: v8.serialize(bulk) };
  // A roster sheet's cells travel as columns (io/sheet-cells.ts); its rows are built again from them.
  const { rows: _rows, ...read } = bulk as SheetRead;
  return { head, key, body: v8.serialize(read) };
}

/** The parsed file again; its bulk is deserialised on first use (then kept). */
export function unpack(p: PackedParse): ParsedImport {
  let bulk: unknown;
  let read = false;
  const open = (): unknown => {
    const value = v8.deserialize(p.body) as unknown;
    if (p.key !== 'read') return value;
    const read = value as Omit<SheetRead, 'rows'>;
    return { ...read, rows: rowsOf(read.cells) } satisfies SheetRead;
  };
  return Object.defineProperty({ ...p.head }, p.key, {
    enumerable: true,
    get: () => {
      if (!read) {
        bulk = open();
        read = true;
      }
      return bulk;
    },
  }) as unknown as ParsedImport;
}

/** Where the time of a 35,000-row preview goes (tests/bench): the guard and exceljs's reader ~80 %, reading the sheet ~7 %, the plan ~13 %. */
export const progressAt = { loaded: 80, read: 87 } as const;

/** The most rows listed in a preview; counts always cover every row. */
export const maxListedChanges = 5000;

export async function work(
  request: WorkerRequest,
  report: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void,
): Promise<void> {
  const { kind, fileName, staff, options } = request;
  const file = Buffer.from(request.file.buffer, request.file.byteOffset, request.file.byteLength);
  const planHere = kind === 'staff' && staff !== null;
  const parsed = await parseWorkbook(kind, fileName, file, (stage) =>
    report({ type: 'progress', percent: planHere || stage === 'loaded' ? progressAt[stage] : 100 }),
  );
  let plan: WorkerPlan | null = null;
  if (planHere && 'read' in parsed) {
    const span = 100 - progressAt.read;
    const p = planStaffFrom(staff, parsed.read, options, (f) =>
      report({ type: 'progress', percent: Math.floor(progressAt.read + span * f) }),
    );
    plan = {
      sheet: parsed.read.sheet,
      counts: p.counts,
      problems: p.problems,
      changes: p.changes.slice(0, maxListedChanges),
    };
  }
  report({ type: 'progress', percent: 100 });
  const packed = pack(parsed);
  const b = packed.body;
  // Moved, not copied: a buffer of its own (a small one may share Node's pool, so it is copied first).
  const body = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);
  report({ type: 'done', parsed: { ...packed, body }, plan }, [body.buffer as ArrayBuffer]);
}

function errorMessage(e: unknown): WorkerMessage {
  if (e instanceof AppError) return { type: 'error', code: e.code, message: e.message, field: e.field ?? null };
  return { type: 'error', code: null, message: e instanceof Error ? e.message : String(e), field: null };
}

// Started as a worker by import-thread.ts (workerData marks it): say it has loaded, take one request,
// answer, and end. A spare worker (import-thread.ts prepareWorker) waits here, loaded, for its file.
const port = parentPort;
if (port && (workerData as { kanameImportWorker?: boolean } | null)?.kanameImportWorker === true) {
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
  port.once('message', (request: WorkerRequest) => {
    // The first word back says the worker is running: from now on, dying means the file killed it.
    port.postMessage({ type: 'progress', percent: 0 } satisfies WorkerMessage);
    work(request, (m, transfer) => port.postMessage(m, transfer)).catch((e: unknown) =>
      port.postMessage(errorMessage(e)),
    );
  });
}
