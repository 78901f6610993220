import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The house rules of the layout (README "Architecture"), checked on the source itself so that a
 * file put in the wrong room fails CI rather than waiting for a reviewer.
 */
const root = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx)$/u.test(e.name)) out.push(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  walk(path.join(root, dir));
  return out;
}

const read = (rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');
const importsOf = (src: string): string[] =>
  [...src.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/gu)].map((m) => m[1] ?? '');

const core = sources('electron/core');
const product = [
  ...core,
  ...sources('electron/main'),
  ...sources('electron/cli'),
  ...sources('electron/host'),
  ...sources('electron/preload'),
  ...sources('shared'),
  ...sources('renderer/src'),
];

describe('layout', () => {
  it('the core, the CLI, the host and shared/ never import Electron', () => {
    const offenders = [...core, ...sources('electron/cli'), ...sources('electron/host'), ...sources('shared')].filter(
      (f) => importsOf(read(f)).some((s) => s === 'electron' || s.startsWith('electron/')),
    );
    expect(offenders).toEqual([]);
  });

  it('the core does not reach into the shells around it (main, preload, host, CLI, renderer)', () => {
    const offenders = core.filter((f) =>
      importsOf(read(f)).some((s) => /(^|\/)(main|preload|host|cli)\//u.test(s) || s.includes('renderer/')),
    );
    expect(offenders).toEqual([]);
  });

  it('SQL lives only in repositories (*.repo.ts) and the database plumbing (db/)', () => {
    const offenders = core.filter(
      (f) =>
        !f.endsWith('.repo.ts') &&
        !f.startsWith('electron/core/db/') &&
        /\.prepare\(|\b(db|tx)\.(exec|pragma)\(/u.test(read(f)),
    );
    expect(offenders).toEqual([]);
  });

  it('no product file is over 700 lines (generated demo data aside)', () => {
    const long = product
      .filter((f) => !f.startsWith('electron/core/demo/'))
      .map((f) => ({ f, lines: read(f).split('\n').length }))
      .filter((x) => x.lines > 700);
    expect(long).toEqual([]);
  });
});
