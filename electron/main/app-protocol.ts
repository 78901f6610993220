import fs from 'node:fs/promises';
import path from 'node:path';
import { contentSecurityPolicy } from './csp';

/**
 * The app's own scheme, kaname://app/…, serving the built renderer. The window does not load
 * file:// because the packaged binary has the grantFileProtocolExtraPrivileges fuse off, which
 * leaves file:// pages unable to read inside app.asar (docs/electron-security.md, point 18).
 */
export const appScheme = 'kaname';
export const appOrigin = `${appScheme}://app`;
export const appPage = `${appOrigin}/index.html`;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * The response to one kaname:// request: a file of `rendererDir` with a known type, or 404 for
 * anything else (another host, a path leaving the folder, encoded NULs, folders, unknown types).
 */
export async function serveRenderer(rendererDir: string, url: string): Promise<Response> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return notFound();
  }
  if (target.protocol !== `${appScheme}:` || target.host !== 'app') return notFound();
  let relative: string;
  try {
    relative = decodeURIComponent(target.pathname);
  } catch {
    return notFound();
  }
  if (relative.includes('\0')) return notFound();
  const base = path.resolve(rendererDir);
  const file = path.resolve(base, `.${relative}`);
  if (!file.startsWith(base + path.sep)) return notFound();
  const type = contentTypes[path.extname(file).toLowerCase()];
  if (!type) return notFound();
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    return notFound();
  }
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      'content-type': type,
      'content-security-policy': contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
    },
  });
}
