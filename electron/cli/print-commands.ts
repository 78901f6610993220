import fs from 'node:fs';
import path from 'node:path';
import { maxSummariesPerPdf } from '../../shared/api/placement';
import type { PlacementPdf } from '../../shared/api/placement';
import { AppError } from '../../shared/result';
import type { AppContext } from '../core/api/context';
import { streamPlacementPdf } from '../core/placement/placement.service';
import { allowedAs, common, fyOption, print, required, UsageError, withApi } from './common';
import type { Call, Command, Out } from './common';

/*
 * `kaname print placement` and `kaname print section-list` (docs/placement.md, "PDF"): the same
 * PDFs and workbook as the app's 人事配置 screen, through the same channels ('placement:list',
 * 'placement:pdf', 'placement:sectionXlsx'), so their access rule (HR and the personnel office)
 * and their audit apply. A print of more people than one channel call takes (--all in a large
 * office) is streamed page by page to the file instead: the same access rule is checked, and the
 * print is one audit entry with every 職員番号, as the channel writes it.
 */

/** Writes a file beside its target and renames it over, so a failed print never leaves half a file. */
function writeAtomically(target: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${target}.${process.pid}.tmp`;
  return (async () => {
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      await write(tmp);
      fs.renameSync(tmp, target);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      if (e instanceof AppError) throw e;
      throw new AppError('IO', `ファイルに書き込めません: ${target}`);
    }
  })();
}

function saveDownload(target: string, download: { data: string }): Promise<void> {
  return writeAtomically(target, (tmp) => fs.promises.writeFile(tmp, Buffer.from(download.data, 'base64')));
}

/** 職員番号 from --staff: comma (or 、) separated, each once. */
function staffList(text: string): string[] {
  const nos = [
    ...new Set(
      text
        .split(/[,、，]/u)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
  if (nos.length === 0) throw new UsageError('--staff に職員番号を指定してください（複数はカンマ区切り）。');
  return nos;
}

/**
 * Summaries of more people than one 'placement:pdf' call takes, streamed to the file by the
 * placement service with the channel's access rule (allowedAs), checks and audit entry.
 */
export async function streamSummaries(
  ctx: AppContext,
  fy: number,
  staffNos: string[],
  target: string,
): Promise<number> {
  const { office, session } = allowedAs(ctx, 'placement:pdf');
  let pages = 0;
  await writeAtomically(target, async (tmp) => {
    pages = await streamPlacementPdf(office.db, session, fy, staffNos, fs.createWriteStream(tmp));
  });
  return pages;
}

function done(out: Out, target: string, pages: number | null, people: number, what: string): number {
  print(
    out,
    { pages, people, out: target },
    `${what}を書き出しました: ${target}（${people}人${pages === null ? '' : `、${pages}ページ`}）`,
  );
  return 0;
}

async function staffToPrint(call: Call, v: Record<string, unknown>, fy: number): Promise<string[]> {
  const chosen = ['staff', 'section', 'all'].filter((k) => v[k] !== undefined && v[k] !== false);
  if (chosen.length !== 1) {
    throw new UsageError('--staff 職員番号、--section 課、--all のどれか1つを指定してください。');
  }
  if (typeof v['staff'] === 'string') return staffList(v['staff']);
  const section = typeof v['section'] === 'string' ? v['section'] : null;
  const { rows } = await call('placement:list', section === null ? { fy } : { fy, section });
  if (rows.length === 0) {
    throw new AppError(
      'VALIDATION',
      section === null ? '印刷する職員がいません。' : `所属「${section}」に職員がいません。`,
    );
  }
  return rows.map((r) => r.staffNo);
}

/** `kaname print placement --db F [--fy 2026] (--staff 職員番号[,…] | --section 課 | --all) --out FILE.pdf` */
async function printPlacement(v: Record<string, unknown>, out: Out): Promise<number> {
  const dbPath = path.resolve(required(v, 'db'));
  const target = path.resolve(required(v, 'out'));
  if (path.extname(target).toLowerCase() !== '.pdf')
    throw new UsageError('--out には .pdf のファイルを指定してください。');
  const fy = fyOption(v);
  const { pages, people } = await withApi(dbPath, v, out, async (call, ctx) => {
    const staffNos = await staffToPrint(call, v, fy);
    if (staffNos.length > maxSummariesPerPdf) {
      return { pages: await streamSummaries(ctx, fy, staffNos, target), people: staffNos.length };
    }
    const pdf: PlacementPdf = await call('placement:pdf', { what: 'summaries', fy, staffNos });
    await saveDownload(target, pdf);
    return { pages: pdf.pages, people: pdf.people };
  });
  return done(out, target, pages, people, '人事配置資料');
}

/** `kaname print section-list --db F --section 課 --out FILE.pdf|.xlsx [--fy 2026]` */
async function printSectionList(v: Record<string, unknown>, out: Out): Promise<number> {
  const dbPath = path.resolve(required(v, 'db'));
  const target = path.resolve(required(v, 'out'));
  const section = required(v, 'section');
  const ext = path.extname(target).toLowerCase();
  if (ext !== '.pdf' && ext !== '.xlsx')
    throw new UsageError('--out には .pdf か .xlsx のファイルを指定してください。');
  const fy = fyOption(v);
  const { pages, people } = await withApi(
    dbPath,
    v,
    out,
    async (call): Promise<{ pages: number | null; people: number }> => {
      if (ext === '.pdf') {
        const pdf = await call('placement:pdf', { what: 'section-list', fy, section });
        await saveDownload(target, pdf);
        return { pages: pdf.pages, people: pdf.people };
      }
      const { total } = await call('placement:list', { fy, section });
      await saveDownload(target, await call('placement:sectionXlsx', { fy, section }));
      return { pages: null, people: total };
    },
  );
  return done(out, target, pages, people, '所属別一覧');
}

const printCommand: Command = {
  options: {
    ...common,
    fy: { type: 'string' },
    staff: { type: 'string' },
    section: { type: 'string' },
    all: { type: 'boolean' },
    out: { type: 'string' },
  },
  positionals: ['what'],
  run: async (v, out, [what]) => {
    if (what === 'placement') return printPlacement(v, out);
    if (what === 'section-list') {
      if (v['staff'] !== undefined || v['all'] !== undefined) {
        throw new UsageError(
          'print section-list には --section 課 を指定してください（--staff / --all は使えません）。',
        );
      }
      return printSectionList(v, out);
    }
    throw new UsageError(`print の対象は placement か section-list です: ${what ?? ''}`);
  },
};

export const printCommands: Record<string, Command> = { print: printCommand };
