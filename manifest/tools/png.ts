import { deflateSync, inflateSync } from "node:zlib";

/**
 * Just enough PNG to write our icons and to check icons before they go into an app package: 8-bit,
 * non-interlaced, grey / RGB / palette / grey+alpha / RGBA. Node's zlib does the compression.
 */
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major RGBA. */
  pixels: Uint8Array;
}

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  /** True when the format can carry transparency (alpha channel or tRNS chunk). */
  hasAlpha: boolean;
}

export class PngError extends Error {}

/** RGBA, filter type 0 on every row: icons are tiny, so smaller output is not worth the code. */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, pixels } = image;
  if (pixels.length !== width * height * 4) throw new PngError(`expected ${width * height * 4} bytes of RGBA, got ${pixels.length}`);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(pixels.buffer, pixels.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  // Level 9 and no timestamps or other metadata: the same pixels always give the same bytes.
  return Buffer.concat([SIGNATURE, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

/** Reads the header, checking the signature and every chunk's CRC. */
export function readPngInfo(png: Buffer): PngInfo {
  const chunks = readChunks(png);
  const ihdr = chunks.find((c) => c.type === "IHDR");
  if (!ihdr || chunks[0] !== ihdr || ihdr.data.length !== 13) throw new PngError("missing IHDR");
  const colorType = ihdr.data[9]!;
  return {
    width: ihdr.data.readUInt32BE(0),
    height: ihdr.data.readUInt32BE(4),
    bitDepth: ihdr.data[8]!,
    colorType,
    interlaced: ihdr.data[12] === 1,
    hasAlpha: colorType === 4 || colorType === 6 || chunks.some((c) => c.type === "tRNS"),
  };
}

export function decodePng(png: Buffer): RgbaImage {
  const info = readPngInfo(png);
  if (info.bitDepth !== 8 || info.interlaced || ![0, 2, 3, 4, 6].includes(info.colorType)) {
    throw new PngError(`only 8-bit non-interlaced PNGs can be checked (got bit depth ${info.bitDepth}, colour type ${info.colorType}${info.interlaced ? ", interlaced" : ""})`);
  }
  const chunks = readChunks(png);
  const palette = chunks.find((c) => c.type === "PLTE")?.data;
  const trns = chunks.find((c) => c.type === "tRNS")?.data;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[info.colorType as 0 | 2 | 3 | 4 | 6];
  const stride = info.width * channels;
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data)));
  if (raw.length < (stride + 1) * info.height) throw new PngError("image data is truncated");
  const rows = unfilter(raw, stride, info.height, channels);
  const pixels = new Uint8Array(info.width * info.height * 4);
  for (let i = 0; i < info.width * info.height; i++) {
    const s = rows.subarray(i * channels, i * channels + channels);
    const rgba = toRgba(info.colorType, s, palette, trns);
    pixels.set(rgba, i * 4);
  }
  return { width: info.width, height: info.height, pixels };
}

function toRgba(colorType: number, s: Uint8Array, palette: Buffer | undefined, trns: Buffer | undefined): number[] {
  switch (colorType) {
    case 0:
      return [s[0]!, s[0]!, s[0]!, trns && trns.readUInt16BE(0) === s[0] ? 0 : 255];
    case 2:
      return [s[0]!, s[1]!, s[2]!, trns && trns.readUInt16BE(0) === s[0] && trns.readUInt16BE(2) === s[1] && trns.readUInt16BE(4) === s[2] ? 0 : 255];
    case 3: {
      if (!palette || s[0]! * 3 + 2 >= palette.length) throw new PngError("palette index out of range");
      return [palette[s[0]! * 3]!, palette[s[0]! * 3 + 1]!, palette[s[0]! * 3 + 2]!, trns?.[s[0]!] ?? 255];
    }
    case 4:
      return [s[0]!, s[0]!, s[0]!, s[1]!];
    default:
      return [s[0]!, s[1]!, s[2]!, s[3]!];
  }
}

function unfilter(raw: Buffer, stride: number, height: number, bpp: number): Uint8Array {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[y * stride + x - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp]! : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new PngError(`unknown row filter ${filter}`);
      out[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function readChunks(png: Buffer): { type: string; data: Buffer }[] {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new PngError("not a PNG file");
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length; ) {
    if (at + 12 > png.length) throw new PngError("truncated chunk");
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    if (at + 12 + length > png.length) throw new PngError(`truncated ${type} chunk`);
    const data = png.subarray(at + 8, at + 8 + length);
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length)) throw new PngError(`bad CRC in ${type} chunk`);
    chunks.push({ type, data });
    at += 12 + length;
    if (type === "IEND") break;
  }
  return chunks;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
