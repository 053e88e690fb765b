import { encodePng, type RgbaImage } from "./png.js";

/**
 * The app icons, drawn from geometry so they can be regenerated exactly: a shield with a key.
 * Shapes are in unit coordinates (0..1 across the icon); each pixel is sampled 4×4 for smooth edges.
 */
type Shape = (x: number, y: number) => boolean;
type Rgb = readonly [number, number, number];

export const ACCENT: Rgb = [0x1f, 0x4e, 0x79];
const WHITE: Rgb = [255, 255, 255];
const GOLD: Rgb = [0xf2, 0xb0, 0x1e];
const SAMPLES = 4;

/** Flat top, straight sides, then an elliptical taper to a point: the usual shield silhouette. */
const shield: Shape = (x, y) => {
  const top = 0.14;
  const shoulder = 0.48;
  const bottom = 0.9;
  const halfWidth = 0.33;
  if (y < top || y > bottom) return false;
  if (y <= shoulder) return Math.abs(x - 0.5) <= halfWidth;
  const t = (y - shoulder) / (bottom - shoulder);
  return Math.abs(x - 0.5) <= halfWidth * Math.sqrt(1 - t * t);
};

const circle = (cx: number, cy: number, r: number): Shape => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const rect = (x0: number, y0: number, x1: number, y1: number): Shape => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const union = (...shapes: Shape[]): Shape => (x, y) => shapes.some((s) => s(x, y));
const minus = (a: Shape, b: Shape): Shape => (x, y) => a(x, y) && !b(x, y);

/** A key standing upright in the shield: ring with a hole, shaft, two teeth. */
function key(scale: number): Shape {
  const s = (v: number) => 0.5 + (v - 0.5) * scale;
  const ring = minus(circle(0.5, s(0.36), 0.1 * scale), circle(0.5, s(0.36), 0.042 * scale));
  return union(
    ring,
    rect(s(0.47), s(0.44), s(0.53), s(0.76)),
    rect(s(0.53), s(0.62), s(0.6), s(0.67)),
    rect(s(0.53), s(0.7), s(0.58), s(0.75)),
  );
}

/** Fraction of a pixel's samples inside the shape. */
function coverage(shape: Shape, px: number, py: number, size: number): number {
  let inside = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (let j = 0; j < SAMPLES; j++) {
      if (shape((px + (i + 0.5) / SAMPLES) / size, (py + (j + 0.5) / SAMPLES) / size)) inside++;
    }
  }
  return inside / (SAMPLES * SAMPLES);
}

function draw(size: number, paint: (px: number, py: number) => [number, number, number, number]): RgbaImage {
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) pixels.set(paint(px, py), (py * size + px) * 4);
  }
  return { width: size, height: size, pixels };
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t)) as unknown as Rgb;

/** 192×192, full colour: white shield and gold key on the accent colour. */
export function renderColorIcon(): Buffer {
  const size = 192;
  const goldKey = key(0.9);
  return encodePng(
    draw(size, (px, py) => {
      const onShield = mix(ACCENT, WHITE, coverage(shield, px, py, size));
      const withKey = mix(onShield, GOLD, coverage(goldKey, px, py, size));
      return [...withKey, 255];
    }),
  );
}

/** 32×32, as Teams wants it: white on a transparent background, the key cut out of the shield. */
export function renderOutlineIcon(): Buffer {
  const size = 32;
  const glyph = minus(shield, key(1));
  return encodePng(draw(size, (px, py) => [255, 255, 255, Math.round(255 * coverage(glyph, px, py, size))]));
}
