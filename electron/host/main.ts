import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDbPath } from '../core/paths';
import { startHost } from './server';

/** `node scripts/host.mjs [--db FILE] [--port N]`: prints the address to open, then serves until stopped. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, port: { type: 'string', default: '0' }, renderer: { type: 'string' } },
  });
  const dbPath = values.db ? path.resolve(values.db) : defaultDbPath();
  const rendererDir = path.resolve(values.renderer ?? path.join(__dirname, '../../out/renderer'));
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('エラー: --port には 0〜65535 の数を指定してください。\n');
    process.exit(2);
  }
  const host = await startHost({ dbPath, rendererDir, port });
  process.stdout.write(`要 Kaname（ブラウザ版）を起動しました。このアドレスをブラウザで開いてください:\n${host.url}\n`);
  process.stdout.write(`データベース: ${dbPath}\n`);
  const stop = (): void => {
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  const message =
    e instanceof Error && 'code' in e && e.code === 'EADDRINUSE'
      ? 'ポートが使用中です。--port で別の番号を指定してください。'
      : 'ブラウザ版を起動できませんでした。';
  process.stderr.write(`エラー: ${message}\n`);
  process.exit(4);
});
