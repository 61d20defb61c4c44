// Draws build/icons/*.png from the shapes in build/icons/icon.svg, with no native dependency:
// each pixel is supersampled against the shapes' distance functions, then written as a PNG.
// Run after changing the icon: node scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const SAMPLES = 4;
const BLUE = [0x27, 0x47, 0xb8];
const WHITE = [0xff, 0xff, 0xff];

const roundedRect = (x, y) => {
  const qx = Math.abs(x - 256) - (224 - 96);
  const qy = Math.abs(y - 256) - (224 - 96);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - 96;
};
const segment = (x, y, ax, ay, bx, by) => {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
};
// The path of the SVG: shank, lower half-circle bend, barb; stroke 48 with round caps.
const hook = (x, y) => {
  const shank = segment(x, y, 300, 136, 300, 300);
  const barb = segment(x, y, 172, 300, 172, 268);
  const bend = y >= 300 ? Math.abs(Math.hypot(x - 236, y - 300) - 64) : Infinity;
  return Math.min(shank, barb, bend) - 24;
};
const eye = (x, y) => Math.hypot(x - 300, y - 120);

/** The colour at a point of the 512-unit canvas, or undefined outside the tile. */
function colourAt(x, y) {
  if (roundedRect(x, y) > 0) return undefined;
  const e = eye(x, y);
  if (e <= 40 && e > 16) return WHITE;
  return hook(x, y) <= 0 && e > 16 ? WHITE : BLUE;
}

function render(size) {
  const pixels = Buffer.alloc(size * (size * 4 + 1));
  const scale = 512 / size;
  for (let py = 0; py < size; py += 1) {
    const row = py * (size * 4 + 1);
    pixels[row] = 0; // filter: none
    for (let px = 0; px < size; px += 1) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const colour = colourAt((px + (sx + 0.5) / SAMPLES) * scale, (py + (sy + 0.5) / SAMPLES) * scale);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const at = row + 1 + px * 4;
      if (a > 0) {
        pixels[at] = Math.round(r / a);
        pixels[at + 1] = Math.round(g / a);
        pixels[at + 2] = Math.round(b / a);
        pixels[at + 3] = Math.round((255 * a) / SAMPLES ** 2);
      }
    }
  }
  return png(size, pixels);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of SIZES) {
  writeFileSync(new URL(`../build/icons/${size}x${size}.png`, import.meta.url), render(size));
}
// electron-builder's default names: a 1024 PNG it turns into .icns and .ico.
writeFileSync(new URL('../build/icon.png', import.meta.url), render(1024));
console.log(`Wrote build/icon.png and build/icons/{${SIZES.map((s) => `${s}x${s}`).join(',')}}.png`);
