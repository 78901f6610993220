/**
 * The Content-Security-Policy of every page we serve: our own scripts only, no remote content.
 * Sent by the Electron session, the kaname:// scheme and the browser host (renderer/index.html carries the
 * same as a meta tag, less frame-ancestors, which a meta tag cannot set); see docs/electron-security.md.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
