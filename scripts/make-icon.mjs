#!/usr/bin/env node
// Draws the app icon — 要 in white, bold, on the app's navy (renderer/src/theme.ts, primary.main)
// in a rounded square — and writes resources/icon.png (512×512, Linux) and resources/icon.ico
// (16, 32, 48 as 32-bit bitmaps, 256 as PNG; Windows installer and executable).
//
// Each size is drawn at its own resolution, so the small ones stay sharp rather than being shrunk.
// Chromium only rasterises (canvas, with the Noto Sans JP font the app ships); the PNG and ICO
// files are encoded here, so the same Chromium and font give the same bytes.
//
//   node scripts/make-icon.mjs            (needs a Chromium: /usr/bin/chromium, or KANAME_CHROMIUM)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'resources');
const navy = '#24466b';
const fontFile = path.join(root, 'node_modules/@fontsource/noto-sans-jp/files/noto-sans-jp-japanese-700-normal.woff2');

/**
 * Shape per size: the square's inset and corner radius, and how tall the glyph's ink is, as
 * fractions of the side. Small icons fill their whole cell and give the glyph more room.
 */
function shape(size) {
  if (size <= 16) return { inset: 0, radius: 0.19, ink: 0.8 };
  if (size <= 48) return { inset: 0, radius: 0.19, ink: 0.78 };
  return { inset: 0.03, radius: 0.2, ink: 0.64 };
}

/* global document, FontFace -- draw() runs in Chromium's page, not in Node */

/** Runs in the page: draws one size and returns its RGBA pixels (not premultiplied). */
async function draw({ size, navy: fill, font, inset, radius, ink }) {
  const bytes = Uint8Array.from(atob(font), (c) => c.charCodeAt(0));
  if (!document.fonts.check('700 10px KanameIcon')) {
    const face = new FontFace('KanameIcon', bytes, { weight: '700' });
    await face.load();
    document.fonts.add(face);
  }
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const g = canvas.getContext('2d');
  const x0 = size * inset;
  const side = size - 2 * x0;
  g.fillStyle = fill;
  g.beginPath();
  g.roundRect(x0, x0, side, side, side * radius);
  g.fill();
  // Size the font so the glyph's ink (not its em box) has the wanted height, then centre the ink.
  g.font = '700 100px KanameIcon';
  const probe = g.measureText('要');
  const probeHeight = probe.actualBoundingBoxAscent + probe.actualBoundingBoxDescent;
  const px = (100 * side * ink) / probeHeight;
  g.font = `700 ${px}px KanameIcon`;
  const m = g.measureText('要');
  const w = m.actualBoundingBoxLeft + m.actualBoundingBoxRight;
  const h = m.actualBoundingBoxAscent + m.actualBoundingBoxDescent;
  g.fillStyle = '#ffffff';
  g.textBaseline = 'alphabetic';
  g.fillText('要', size / 2 - w / 2 + m.actualBoundingBoxLeft, size / 2 - h / 2 + m.actualBoundingBoxAscent);
  return Array.from(g.getImageData(0, 0, size, size).data);
}

/** A truecolour-with-alpha PNG of RGBA pixels. */
function png(size, rgba) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // no filter
    Buffer.from(rgba.slice(y * size * 4, (y + 1) * size * 4)).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 32-bit BMP icon image: header, bottom-up BGRA rows, then an all-clear AND mask. */
function dib(size, rgba) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour rows + mask rows, as ICO requires
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(size * size * 4, 20);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2];
      pixels[to + 1] = rgba[from + 1];
      pixels[to + 2] = rgba[from];
      pixels[to + 3] = rgba[from + 3];
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  return Buffer.concat([header, pixels, Buffer.alloc(maskRow * size)]);
}

/** ICONDIR, one ICONDIRENTRY per image, then the images. */
function ico(images) {
  const dir = Buffer.alloc(6 + 16 * images.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // icon
  dir.writeUInt16LE(images.length, 4);
  let offset = dir.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    dir[e] = size >= 256 ? 0 : size; // 0 means 256
    dir[e + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(data.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([dir, ...images.map((i) => i.data)]);
}

const browser = await chromium.launch({
  executablePath: process.env.KANAME_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  const font = fs.readFileSync(fontFile).toString('base64');
  const render = async (size) => page.evaluate(draw, { size, navy, font, ...shape(size) });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'icon.png'), png(512, await render(512)));
  const images = [];
  for (const size of [16, 32, 48]) images.push({ size, data: dib(size, await render(size)) });
  images.push({ size: 256, data: png(256, await render(256)) });
  fs.writeFileSync(path.join(outDir, 'icon.ico'), ico(images));
  process.stdout.write('resources/icon.png (512×512) と resources/icon.ico (16, 32, 48, 256) を書き出しました。\n');
} finally {
  await browser.close();
}
