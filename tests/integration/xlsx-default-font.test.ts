import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/core/api/context';
import { defaultFontXml, fontName, withDefaultFont } from '../../electron/core/workbooks/io/fonts';
import type { ChannelName } from '../../shared/channels';
import type { FileDownload, Input } from '../../shared/contract';
import { fiscalYearOf } from '../../shared/fiscal-year';
import { callApi, demoCopy, demoPass, loggedIn, tempDir } from '../helpers/office';

/*
 * The Normal style of every workbook Kaname writes names the product's font (docs/workbooks.md,
 * "Printing"): exceljs's own default font 0 (Calibri of the theme's minor scheme) is replaced as
 * the styles part is written, for a book built in memory and for a streamed one alike. Opened in
 * LibreOffice (when installed), nothing prints in a serif face.
 */

const fy = fiscalYearOf(new Date());
const dir = tempDir('kaname-xlsx-font-');
let admin: AppContext;
const files: { name: string; file: Buffer }[] = [];

type Xfile = FileDownload & { file?: { id: string } };

async function download<K extends ChannelName>(name: string, channel: K, req: Input<K>): Promise<void> {
  const r = await callApi(admin, channel, req);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  const value = r.value as unknown as Xfile;
  const id = value.file?.id;
  const file = id === undefined ? Buffer.from(value.data, 'base64') : fs.readFileSync(admin.outbox.get(id)!.path);
  files.push({ name, file });
}

beforeAll(async () => {
  admin = await loggedIn(await demoCopy(dir), 'admin', demoPass);
  const section = (
    admin
      .office!.db.prepare(
        `SELECT sec.name AS name FROM accounts a JOIN staff s ON s.id = a.staff_id
         JOIN sections sec ON sec.id = s.section_id WHERE a.login = 'shokuin'`,
      )
      .get() as { name: string }
  ).name;
  // In memory (xlsxBuffer) and streamed to the outbox (delivery 'file'), data and forms.
  await download('template-staff', 'excel:template', { kind: 'staff' });
  await download('export-staff', 'excel:export', { kind: 'staff', fy: null });
  await download('export-staff-streamed', 'excel:export', { kind: 'staff', fy: null, delivery: 'file' });
  await download('forms-selfreports', 'forms:export', { kind: 'selfreports', purpose: 'print', fy, section });
  await download('forms-mbo-streamed', 'forms:export', {
    kind: 'mbo',
    purpose: 'roundtrip',
    fy,
    section,
    delivery: 'file',
  });
  await download('appraisal-forms', 'appraisal:export', { fy, what: 'forms', section });
  // The ranking is written through the one streaming writer (appraisal-tables.ts streamingWorkbook).
  await download('appraisal-ranking', 'appraisal:export', { fy, what: 'ranking' });
}, 300_000);

afterAll(() => {
  admin?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function stylesOf(file: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(file);
  return (await zip.file('xl/styles.xml')?.async('string')) ?? '';
}

describe('the default (Normal) style of every workbook Kaname writes', () => {
  it('replaces only the first font of the styles part', () => {
    const xml =
      '<styleSheet><fonts count="2"><font><sz val="11"/><name val="Calibri"/><scheme val="minor"/></font>' +
      '<font><b/><sz val="10"/><name val="x"/></font></fonts><cellXfs/></styleSheet>';
    expect(withDefaultFont(xml)).toBe(
      `<styleSheet><fonts count="2">${defaultFontXml}<font><b/><sz val="10"/><name val="x"/></font></fonts><cellXfs/></styleSheet>`,
    );
    expect(withDefaultFont('<styleSheet><fonts count="0"/></styleSheet>')).toBe(
      '<styleSheet><fonts count="0"/></styleSheet>',
    );
  });

  it('names the Japanese font in font 0 too, in memory and streamed', async () => {
    expect(files.map((f) => f.name)).toHaveLength(7);
    for (const { name, file } of files) {
      const styles = await stylesOf(file);
      const fonts = [...styles.matchAll(/<font>[\s\S]*?<\/font>|<font\/>/gu)].map((m) => m[0]);
      expect(fonts[0], name).toBe(defaultFontXml);
      for (const font of fonts) expect(font, name).toContain(`<name val="${fontName}"/>`);
      expect(styles, name).not.toMatch(/Calibri|scheme val="minor"/u);
      // The Normal cell style is still font 0's.
      expect(styles, name).toMatch(/<cellStyleXfs count="1"><xf numFmtId="0" fontId="0"/u);
    }
  });

  const has = (cmd: string): boolean => {
    try {
      execFileSync('which', [cmd], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  const calc = has('soffice') && has('pdffonts');
  it.skipIf(!calc)(
    'prints in no serif face in LibreOffice',
    () => {
      const out = path.join(dir, 'pdf');
      fs.mkdirSync(out, { recursive: true });
      for (const { name, file } of files) fs.writeFileSync(path.join(out, `${name}.xlsx`), file);
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          out,
          ...files.map((f) => path.join(out, `${f.name}.xlsx`)),
        ],
        { stdio: 'ignore', timeout: 240_000 },
      );
      for (const { name } of files) {
        const fonts = execFileSync('pdffonts', [path.join(out, `${name}.pdf`)], { encoding: 'utf8' });
        const faces = fonts
          .split('\n')
          .slice(2)
          .map((line) => line.split(/\s+/u)[0] ?? '')
          .filter((f) => f !== '');
        expect(faces.length, name).toBeGreaterThan(0);
        expect(
          faces.filter((f) => /Serif|Times|Mincho|Liberation ?Serif|DejaVuSerif|Cambria/iu.test(f)),
          name,
        ).toEqual([]);
      }
    },
    300_000,
  );
});
