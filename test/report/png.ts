// A minimal PNG reader for the browser test: 8-bit greyscale, RGB or RGBA,
// not interlaced (what Chromium's --screenshot writes), enough to look at
// the pixels of a screenshot.
import { inflateSync } from 'node:zlib';

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row-major. */
  rgba: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function readPng(buf: Uint8Array): Image {
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (!SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      colorType = data[9];
      if (depth !== 8 || data[12] !== 0 || ![0, 2, 6].includes(colorType)) throw new Error(`unsupported PNG: depth ${depth}, colour type ${colorType}, interlace ${data[12]}`);
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + length;
  }
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 1;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : null;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[x - channels] : 0;
      const b = prev === null ? 0 : prev[x];
      const c = prev !== null && x >= channels ? prev[x - channels] : 0;
      const v = line[x];
      out[x] = (filter === 0 ? v : filter === 1 ? v + a : filter === 2 ? v + b : filter === 3 ? v + ((a + b) >> 1) : v + paeth(a, b, c)) & 255;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = pixels.subarray(i * channels, i * channels + channels);
    rgba[4 * i] = p[0];
    rgba[4 * i + 1] = channels === 1 ? p[0] : p[1];
    rgba[4 * i + 2] = channels === 1 ? p[0] : p[2];
    rgba[4 * i + 3] = channels === 4 ? p[3] : 255;
  }
  return { width, height, rgba };
}

/** Shares of pixels that are not near-white, and that are clearly coloured (not grey: plot marks, links). */
export function inkShares(img: Image): { ink: number; colour: number } {
  let ink = 0;
  let colour = 0;
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const r = img.rgba[4 * i];
    const g = img.rgba[4 * i + 1];
    const b = img.rgba[4 * i + 2];
    if (r < 235 || g < 235 || b < 235) ink++;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colour++;
  }
  return { ink: ink / n, colour: colour / n };
}
