/**
 * The IDX format of the original MNIST files (yann.lecun.com's description):
 *   bytes 0-1  zero
 *   byte 2     element type (0x08 = unsigned byte; the only one MNIST uses)
 *   byte 3     number of dimensions d
 *   then d big-endian uint32 sizes, then the elements, row-major.
 * Every field is checked; the data must be exactly as long as the sizes say.
 */

export class IdxError extends Error {
  constructor(what: string, message: string) {
    super(`${what}: ${message}`);
    this.name = 'IdxError';
  }
}

export interface IdxArray {
  /** Sizes of each dimension, e.g. [60000, 28, 28]. */
  shape: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

/** Parse an IDX file of unsigned bytes. `what` names the file in errors. */
export function parseIdx(bytes: Uint8Array, what = 'IDX file', expectedRank?: number): IdxArray {
  if (bytes.length < 4)
    throw new IdxError(what, `only ${bytes.length} bytes, too short for an IDX header`);
  if (bytes[0] !== 0 || bytes[1] !== 0)
    throw new IdxError(what, 'bad magic number (first two bytes must be zero): not an IDX file');
  if (bytes[2] !== UBYTE)
    throw new IdxError(
      what,
      `element type 0x${bytes[2].toString(16)} is not supported (MNIST uses 0x08, unsigned byte)`,
    );
  const rank = bytes[3];
  if (rank < 1) throw new IdxError(what, 'has zero dimensions');
  if (expectedRank !== undefined && rank !== expectedRank) {
    throw new IdxError(what, `has ${rank} dimensions, expected ${expectedRank}`);
  }
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength)
    throw new IdxError(what, `truncated header (${rank} dimensions need ${headerLength} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let size = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    shape.push(d);
    size *= d;
  }
  const available = bytes.length - headerLength;
  if (available !== size) {
    throw new IdxError(
      what,
      `dimensions [${shape}] need ${size} bytes of data but the file has ${available}${available < size ? ' (truncated?)' : ''}`,
    );
  }
  return { shape, data: bytes.subarray(headerLength) };
}
