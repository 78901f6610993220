import path from 'node:path';
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { AppError } from '../../../../shared/result';
import { formatNumber } from '../../../../shared/numbers';

/**
 * Checks an uploaded .xlsx before exceljs's document reader sees it. exceljs inflates the whole
 * package into memory with no size limit, so everything that can be decided from the zip's central
 * directory (format, entry count, declared sizes, compression ratio) is decided here without
 * inflating anything; then each worksheet is inflated as a stream only to count its rows, keeping no
 * XML in memory and stopping as soon as a limit is passed (the declared sizes may lie).
 */

export type XlsxLimits = {
  maxFileBytes: number;
  maxEntries: number;
  maxTotalUncompressed: number;
  maxEntryUncompressed: number;
  maxRatio: number;
  maxRows: number;
};

export const defaultXlsxLimits: XlsxLimits = {
  maxFileBytes: 40 * 1024 * 1024,
  maxEntries: 5000,
  maxTotalUncompressed: 600 * 1024 * 1024,
  maxEntryUncompressed: 400 * 1024 * 1024,
  maxRatio: 250,
  maxRows: 200_000,
};

export type XlsxSheetInfo = { name: string; path: string; rows: number };

const messages = {
  empty: 'ファイルが空です。',
  legacy:
    '旧形式（.xls）またはパスワード付きのファイルです。Excel で「名前を付けて保存」から .xlsx 形式（パスワードなし）で保存し直してください。',
  notXlsx: 'Excel ファイル（.xlsx）ではありません。',
  text: 'Excel ファイル（.xlsx）ではありません。CSV などは Excel で開いて .xlsx 形式で保存してください。',
  corrupt: 'ファイルが壊れています（途中で切れているか、正しい .xlsx ではありません）。',
  zip64: '対応していない形式（Zip64）のファイルです。Excel で .xlsx 形式で保存し直してください。',
  bomb: '展開後のサイズが上限を超えるため読み込みません（圧縮爆弾の可能性があります）。',
};

const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const CHUNK = 64 * 1024;
/** The compression ratio is only judged for entries larger than this (small XML compresses well). */
const RATIO_MIN_SIZE = 1024 * 1024;
/** workbook.xml and its relationships are read whole, so only when they are this small. */
const SMALL_ENTRY_MAX = 5 * 1024 * 1024;

type ZipEntry = {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  offset: number;
  dataStart: number;
};

function fail(message: string): never {
  throw new AppError('VALIDATION', message);
}

const megabytes = (n: number): string => {
  const mb = n / 1024 / 1024;
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
};

/** Not a zip: is it something a user would call text (CSV, TSV, a renamed .txt)? */
function looksLikeText(buf: Buffer): boolean {
  const head = buf.subarray(0, 4096);
  if (head.toString('latin1', 0, 5) === '%PDF-') return false;
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true; // UTF-16 BOM
  let control = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control += 1;
  }
  return control <= head.length / 100;
}

/** The End Of Central Directory record: the last one whose comment ends exactly at the end of the file. */
function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - EOCD_SIZE - MAX_COMMENT);
  for (let i = buf.length - EOCD_SIZE; i >= stop; i -= 1) {
    if (buf.readUInt32LE(i) === SIG_EOCD && i + EOCD_SIZE + buf.readUInt16LE(i + 20) === buf.length) return i;
  }
  return -1;
}

/** Reads and checks the central directory; nothing is inflated. */
function readCentralDirectory(buf: Buffer, limits: XlsxLimits): Map<string, ZipEntry> {
  const eocd = findEocd(buf);
  if (eocd < 0) fail(messages.corrupt);
  if (eocd >= 20 && buf.readUInt32LE(eocd - 20) === SIG_ZIP64_LOCATOR) fail(messages.zip64);
  const onDisk = buf.readUInt16LE(eocd + 8);
  const total = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (onDisk === 0xffff || total === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) fail(messages.zip64);
  const multiDisk = buf.readUInt16LE(eocd + 4) !== 0 || buf.readUInt16LE(eocd + 6) !== 0 || onDisk !== total;
  if (multiDisk || cdOffset + cdSize !== eocd) fail(messages.corrupt);
  if (total > limits.maxEntries) {
    fail(
      `ファイル内の項目数（${formatNumber(total)}）が上限（${formatNumber(limits.maxEntries)}）を超えているため読み込みません。`,
    );
  }

  const entries = new Map<string, ZipEntry>();
  let totalSize = 0;
  let p = cdOffset;
  for (let i = 0; i < total; i += 1) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== SIG_CENTRAL) fail(messages.corrupt);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    if (next > eocd) fail(messages.corrupt);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    p = next;

    if ([compressedSize, size, offset].includes(0xffffffff)) fail(messages.zip64);
    if (flags & 0x0001) fail(messages.legacy); // zip-level encryption
    if (method !== 0 && method !== 8) {
      fail(`対応していない圧縮方式（${method}）が使われています。Excel で .xlsx 形式で保存し直してください。`);
    }
    totalSize += size;
    const ratioTooHigh = size > RATIO_MIN_SIZE && size / Math.max(compressedSize, 1) > limits.maxRatio;
    if (size > limits.maxEntryUncompressed || totalSize > limits.maxTotalUncompressed || ratioTooHigh) {
      fail(messages.bomb);
    }
    if (method === 0 && compressedSize !== size) fail(messages.corrupt);

    if (offset + 30 > cdOffset || buf.readUInt32LE(offset) !== SIG_LOCAL) fail(messages.corrupt);
    const dataStart = offset + 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28);
    if (dataStart + compressedSize > cdOffset || entries.has(name)) fail(messages.corrupt);
    entries.set(name, { name, method, compressedSize, size, offset, dataStart });
  }
  if (p !== eocd) fail(messages.corrupt);

  // Entries whose data overlap (a classic zip-bomb construction) are refused.
  let previousEnd = 0;
  for (const e of [...entries.values()].sort((a, b) => a.offset - b.offset)) {
    if (e.offset < previousEnd) fail(messages.corrupt);
    previousEnd = e.dataStart + e.compressedSize;
  }
  return entries;
}

function* slices(data: Buffer): Generator<Buffer> {
  for (let p = 0; p < data.length; p += CHUNK) yield data.subarray(p, p + CHUNK);
}

/**
 * The entry's bytes, inflated chunk by chunk. Stops with the zip-bomb message as soon as more than
 * `cap` bytes come out (the declared size is not trusted), and refuses an entry whose real size
 * differs from the declared one.
 */
async function* readEntry(buf: Buffer, e: ZipEntry, cap: number): AsyncGenerator<Buffer> {
  const data = buf.subarray(e.dataStart, e.dataStart + e.compressedSize);
  const chunks: Iterable<Buffer> | AsyncIterable<Buffer> =
    e.method === 0
      ? slices(data)
      : pipeline(Readable.from(slices(data)), zlib.createInflateRaw({ chunkSize: CHUNK }), () => undefined);
  let total = 0;
  try {
    for await (const chunk of chunks) {
      total += chunk.length;
      if (total > cap) fail(messages.bomb);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    fail(messages.corrupt); // invalid or truncated deflate data
  }
  if (total !== e.size) fail(messages.corrupt);
}

async function readSmallEntry(buf: Buffer, e: ZipEntry): Promise<string> {
  if (e.size > SMALL_ENTRY_MAX) fail(messages.bomb);
  const parts: Buffer[] = [];
  for await (const chunk of readEntry(buf, e, e.size)) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

function unescapeXml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g, (whole, ref: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ref in named) return named[ref] ?? whole;
    const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The value of an attribute in a tag's attribute text; `name` is a regex source. */
function attribute(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? unescapeXml(m[1] ?? m[2] ?? '') : undefined;
}

/** Attribute texts of every `<tag …>` (with any namespace prefix), comments removed. */
function tags(xml: string, tag: string): string[] {
  const re = new RegExp(`<(?:[\\w.-]+:)?${tag}\\s([^>]*?)/?>`, 'g');
  return [...xml.replace(/<!--[\s\S]*?-->/g, '').matchAll(re)].map((m) => m[1] ?? '');
}

/** Worksheets in workbook order, with the path of each inside the package. */
async function listSheets(buf: Buffer, entries: Map<string, ZipEntry>): Promise<{ name: string; path: string }[]> {
  const workbookEntry = entries.get('xl/workbook.xml');
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  if (!workbookEntry || !relsEntry) fail(messages.corrupt);
  const workbook = await readSmallEntry(buf, workbookEntry);
  const rels = await readSmallEntry(buf, relsEntry);

  const worksheetTargets = new Map<string, string>();
  for (const attrs of tags(rels, 'Relationship')) {
    const id = attribute(attrs, 'Id');
    const type = attribute(attrs, 'Type') ?? '';
    const target = attribute(attrs, 'Target');
    if (id === undefined || target === undefined || !type.endsWith('/worksheet')) continue;
    if (attribute(attrs, 'TargetMode') === 'External') continue;
    const resolved = target.startsWith('/') ? path.posix.normalize(target.slice(1)) : path.posix.join('xl', target);
    worksheetTargets.set(id, resolved);
  }

  const sheets: { name: string; path: string }[] = [];
  for (const attrs of tags(workbook, 'sheet')) {
    const name = attribute(attrs, 'name');
    const id = attribute(attrs, '[\\w.-]+:id');
    const target = id === undefined ? undefined : worksheetTargets.get(id);
    if (name === undefined || target === undefined) continue; // a chart sheet or a dialog sheet: no rows
    if (!entries.has(target)) fail(messages.corrupt);
    sheets.push({ name, path: target });
  }
  return sheets;
}

/**
 * Counts `<row` start tags (any namespace prefix) while streaming, across chunk boundaries: the
 * text after the last match (at most TAIL characters) is carried into the next chunk.
 */
const LT = 0x3c;
const COLON = 0x3a;
const ROW = Buffer.from('row', 'latin1');

/** [A-Za-z0-9_.-]: a byte of an XML name as SpreadsheetML writes them. */
function isNameByte(b: number | undefined): boolean {
  if (b === undefined) return false;
  return (
    (b >= 0x61 && b <= 0x7a) ||
    (b >= 0x41 && b <= 0x5a) ||
    (b >= 0x30 && b <= 0x39) ||
    b === 0x5f ||
    b === 0x2e ||
    b === 0x2d
  );
}

function isNameStart(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b === 0x5f);
}

/** A byte that may end a tag's name: space, tab, CR, LF, '/' or '>'. */
function endsName(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a || b === 0x2f || b === 0x3e;
}

/**
 * The start tags `<row` or `<prefix:row` (a prefix of up to 31 name bytes) in `bytes`, each followed
 * by a byte that ends the name; `end` is where the last one found ends (0 when none). A tag whose
 * ending byte is not yet in `bytes` is left for the next chunk. Found with Buffer.indexOf on the raw
 * bytes: the tags are ASCII, and searching bytes spares decoding 15 MB of sheet XML into a string.
 */
export function countRowTags(bytes: Buffer): { rows: number; end: number } {
  let rows = 0;
  let end = 0;
  let p = bytes.indexOf(ROW, 1);
  while (p !== -1 && p + 3 < bytes.length) {
    if (endsName(bytes[p + 3] as number)) {
      const before = bytes[p - 1];
      let tag = before === LT;
      if (!tag && before === COLON) {
        let n = 0;
        while (n < 32 && isNameByte(bytes[p - 2 - n])) n += 1;
        tag = n >= 1 && n <= 31 && bytes[p - 2 - n] === LT && isNameStart(bytes[p - 1 - n]);
      }
      if (tag) {
        rows += 1;
        end = p + 4;
      }
    }
    p = bytes.indexOf(ROW, p + 3);
  }
  return { rows, end };
}

async function countRows(buf: Buffer, e: ZipEntry, sheetName: string, limits: XlsxLimits): Promise<number> {
  // A tag split between two chunks is found in the next: the bytes after the last tag found, at most
  // TAIL of them (longer than any tag), are kept and searched again in front of the next chunk.
  const TAIL = 40;
  let rows = 0;
  let tail: Buffer = Buffer.alloc(0);
  for await (const chunk of readEntry(buf, e, Math.min(e.size, limits.maxEntryUncompressed))) {
    const bytes = tail.length === 0 ? chunk : Buffer.concat([tail, chunk]);
    const found = countRowTags(bytes);
    rows += found.rows;
    if (rows > limits.maxRows) {
      fail(
        `シート「${sheetName}」の行数が上限（${formatNumber(limits.maxRows)}行）を超えています。ファイルを分けて取り込んでください。`,
      );
    }
    tail = Buffer.from(bytes.subarray(Math.max(found.end, bytes.length - TAIL)));
  }
  return rows;
}

function withDefaults(limits: Partial<XlsxLimits>): XlsxLimits {
  const given = Object.entries(limits).filter(([, v]) => typeof v === 'number' && !Number.isNaN(v));
  return { ...defaultXlsxLimits, ...(Object.fromEntries(given) as Partial<XlsxLimits>) };
}

/**
 * Checks the raw bytes of an uploaded .xlsx and returns its worksheets (workbook order) with row
 * counts. Throws AppError('VALIDATION') with one Japanese sentence for anything exceljs should not
 * be given: an empty file, an .xls or password-protected file, a non-zip (CSV), a truncated or
 * inconsistent zip, a zip that is not a workbook, Zip64, and anything over a limit.
 */
export async function inspectXlsx(buf: Buffer, limits: Partial<XlsxLimits> = {}): Promise<{ sheets: XlsxSheetInfo[] }> {
  const lim = withDefaults(limits);
  if (buf.length === 0) fail(messages.empty);
  if (buf.length > lim.maxFileBytes) {
    fail(`ファイルサイズ（${megabytes(buf.length)} MB）が上限（${megabytes(lim.maxFileBytes)} MB）を超えています。`);
  }
  if (buf.length >= OLE2_MAGIC.length && buf.subarray(0, OLE2_MAGIC.length).equals(OLE2_MAGIC)) fail(messages.legacy);
  if (buf.length < 4 || buf.readUInt32LE(0) !== SIG_LOCAL) fail(looksLikeText(buf) ? messages.text : messages.notXlsx);

  const entries = readCentralDirectory(buf, lim);
  if (!entries.has('[Content_Types].xml') || !entries.has('xl/workbook.xml')) fail(messages.notXlsx);

  const sheets: XlsxSheetInfo[] = [];
  for (const sheet of await listSheets(buf, entries)) {
    const entry = entries.get(sheet.path);
    if (!entry) fail(messages.corrupt);
    sheets.push({ ...sheet, rows: await countRows(buf, entry, sheet.name, lim) });
  }
  return { sheets };
}
