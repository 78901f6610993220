/**
 * The only logger. Messages name events and codes, never personal data (names, logins,
 * passwords, scores): callers pass only fixed text and non-identifying fields.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const env = process.env['KANAME_LOG'];
  if (env === 'debug' || env === 'info' || env === 'warn' || env === 'error') return order[env];
  return order.warn;
}

function write(level: Level, event: string, fields?: Record<string, string | number | boolean>): void {
  if (order[level] < threshold()) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...fields });
  process.stderr.write(`${line}\n`);
}

export const log = {
  debug: (event: string, fields?: Record<string, string | number | boolean>) => write('debug', event, fields),
  info: (event: string, fields?: Record<string, string | number | boolean>) => write('info', event, fields),
  warn: (event: string, fields?: Record<string, string | number | boolean>) => write('warn', event, fields),
  error: (event: string, fields?: Record<string, string | number | boolean>) => write('error', event, fields),
};
