import type { FileHandle } from "node:fs/promises";

const NEWLINE = 0x0a;
export const DEFAULT_CHUNK_BYTES = 64 * 1024;

export interface BackwardLine {
  /** The line's bytes without its "\n". */
  bytes: Buffer;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
}

export interface BackwardReadOptions {
  chunkBytes?: number;
  /** Stop once this many bytes have been read; lines not completely read by then are not yielded. */
  maxBytes?: number;
}

/**
 * Yields the lines of `[0, end)` from last to first, reading fixed-size chunks backwards with
 * positional reads, so the cost depends on how far back the caller looks, not on the file size.
 * `end` must be 0 or just after a "\n".
 */
export async function* readLinesBackwards(
  handle: FileHandle,
  end: number,
  options: BackwardReadOptions = {},
): AsyncGenerator<BackwardLine> {
  if (end <= 0) return;
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  // The byte at end - 1 is the last line's "\n"; it terminates the line rather than starting a new one.
  let pos = end - 1;
  let pending: Buffer[] = [];
  let scanned = 0;
  while (pos > 0 && scanned < maxBytes) {
    const start = Math.max(0, pos - chunkBytes);
    const chunk = await readAt(handle, start, pos - start);
    scanned += chunk.length;
    let lineEnd = chunk.length;
    for (let i = chunk.lastIndexOf(NEWLINE, lineEnd - 1); i >= 0; i = i > 0 ? chunk.lastIndexOf(NEWLINE, i - 1) : -1) {
      yield { bytes: Buffer.concat([chunk.subarray(i + 1, lineEnd), ...pending]), offset: start + i + 1 };
      pending = [];
      lineEnd = i;
    }
    pending.unshift(chunk.subarray(0, lineEnd));
    pos = start;
  }
  if (pos === 0) yield { bytes: Buffer.concat(pending), offset: 0 };
}

/** Position just after the last "\n" before `end`, or 0 when there is none. */
export async function endOfLastCompleteLine(handle: FileHandle, end: number, chunkBytes = DEFAULT_CHUNK_BYTES): Promise<number> {
  let pos = end;
  while (pos > 0) {
    const start = Math.max(0, pos - chunkBytes);
    const chunk = await readAt(handle, start, pos - start);
    const i = chunk.lastIndexOf(NEWLINE);
    if (i >= 0) return start + i + 1;
    pos = start;
  }
  return 0;
}

export async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
