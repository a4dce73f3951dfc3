/**
 * im2col and col2im (ch. 7.4.3), built from index tables so they run as one gather on any
 * tfjs backend.
 *
 * im2col turns an image batch [N, C, H, W] into a matrix [N*OH*OW, C*FH*FW]: one row per output
 * position, holding the C×FH×FW patch that the filter sees there (same layout as the book's
 * `col`). col2im is its adjoint: each input pixel sums the column entries that were copied from
 * it. Both are gathers with precomputed indices; col2im gathers, for every padded pixel, the
 * (at most ceil(FH/S)·ceil(FW/S)) column entries it fed, padding missing ones with a zero slot.
 * A gather is deterministic on every backend, unlike a scatter-add.
 *
 * Windows that tile the input exactly (stride = window, no pad: the nets' 2x2 pools) need no
 * gather: the patches are a reshape and a transpose away (wasm, SimpleConvNet's pool at batch
 * 100: ~15 ms against ~90 ms for the gather), and col2im is the inverse transpose.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface ConvGeometry {
  c: number;
  h: number;
  w: number;
  fh: number;
  fw: number;
  stride: number;
  pad: number;
}

export interface ConvOutput {
  oh: number;
  ow: number;
}

/** Output size (H + 2P - FH) / S + 1; throws unless it is a positive whole number. */
export function convOutputSize(g: ConvGeometry): ConvOutput {
  const ohRaw = (g.h + 2 * g.pad - g.fh) / g.stride + 1;
  const owRaw = (g.w + 2 * g.pad - g.fw) / g.stride + 1;
  if (!Number.isInteger(ohRaw) || !Number.isInteger(owRaw) || ohRaw < 1 || owRaw < 1) {
    throw new Error(
      `filter ${g.fh}x${g.fw}, stride ${g.stride}, pad ${g.pad} does not tile a ${g.h}x${g.w} input ` +
        `(output would be ${ohRaw}x${owRaw})`,
    );
  }
  return { oh: ohRaw, ow: owRaw };
}

/**
 * Index tables for one geometry, made once and reused for every batch.
 * Owned by the layer that made them: call `dispose()` with the layer.
 */
export class Im2Col {
  readonly oh: number;
  readonly ow: number;
  /** Padded height and width. */
  readonly hp: number;
  readonly wp: number;
  /** Columns of the col matrix: C*FH*FW. */
  readonly patchSize: number;
  /** For each col entry of one image (row-major [OH*OW, C*FH*FW]), its index in [C, HP, WP]. */
  private readonly gatherIndex: tf.Tensor1D;
  /** For each padded pixel, the col entries it fed ([C*HP*WP, K]), or the zero slot. */
  private readonly scatterIndex: tf.Tensor1D;
  /** How many column entries one input pixel can feed: ceil(FH/S)·ceil(FW/S). */
  readonly fanIn: number;
  /** Stride = window and no pad (convOutputSize has checked that the windows fit). */
  readonly tiles: boolean;

  constructor(readonly g: ConvGeometry) {
    const { oh, ow } = convOutputSize(g);
    this.oh = oh;
    this.ow = ow;
    this.hp = g.h + 2 * g.pad;
    this.wp = g.w + 2 * g.pad;
    this.patchSize = g.c * g.fh * g.fw;
    const { c, fh, fw, stride } = g;
    this.tiles = g.pad === 0 && stride === fh && stride === fw;
    const { hp, wp } = this;
    const perImage = oh * ow * this.patchSize;
    const gather = new Int32Array(perImage);
    // How many col entries can one pixel feed: ceil(FH/S) * ceil(FW/S).
    this.fanIn = Math.ceil(fh / stride) * Math.ceil(fw / stride);
    const pixels = c * hp * wp;
    const scatter = new Int32Array(pixels * this.fanIn).fill(perImage); // perImage = zero slot
    const filled = new Int32Array(pixels);
    let j = 0;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        for (let ci = 0; ci < c; ci++) {
          for (let ky = 0; ky < fh; ky++) {
            for (let kx = 0; kx < fw; kx++) {
              const pixel = ci * hp * wp + (oy * stride + ky) * wp + (ox * stride + kx);
              gather[j] = pixel;
              scatter[pixel * this.fanIn + filled[pixel]] = j;
              filled[pixel]++;
              j++;
            }
          }
        }
      }
    }
    this.gatherIndex = tf.keep(tf.tensor1d(gather, 'int32'));
    this.scatterIndex = tf.keep(tf.tensor1d(scatter, 'int32'));
  }

  /** [N, C, H, W] -> [N*OH*OW, C*FH*FW] */
  im2col(x: tf.Tensor): tf.Tensor2D {
    const { c, h, w, pad } = this.g;
    if (x.rank !== 4 || x.shape[1] !== c || x.shape[2] !== h || x.shape[3] !== w) {
      throw new Error(`im2col expects [N, ${c}, ${h}, ${w}], got [${x.shape}]`);
    }
    const n = x.shape[0];
    if (this.tiles) {
      // [N, C, OH, FH, OW, FW] -> [N, OH, OW, C, FH, FW]: one patch a row.
      const grouped = tf.reshape(x, [n, c, this.oh, this.g.fh, this.ow, this.g.fw]);
      const patches = tf.transpose(grouped, [0, 2, 4, 1, 3, 5]);
      return tf.reshape(patches, [n * this.oh * this.ow, this.patchSize]);
    }
    const xp =
      pad > 0
        ? tf.pad(x, [
            [0, 0],
            [0, 0],
            [pad, pad],
            [pad, pad],
          ])
        : x;
    const flat = tf.reshape(xp, [n, c * this.hp * this.wp]);
    const col = tf.gather(flat, this.gatherIndex, 1);
    return tf.reshape(col, [n * this.oh * this.ow, this.patchSize]);
  }

  /** [N*OH*OW, C*FH*FW] -> [N, C, H, W], summing overlapping patches. */
  col2im(col: tf.Tensor, n: number): tf.Tensor4D {
    const { c, h, w, pad } = this.g;
    const perImage = this.oh * this.ow * this.patchSize;
    if (col.size !== n * perImage) {
      throw new Error(
        `col2im expects [${n * this.oh * this.ow}, ${this.patchSize}], got [${col.shape}]`,
      );
    }
    if (this.tiles) {
      const patches = tf.reshape(col, [n, this.oh, this.ow, c, this.g.fh, this.g.fw]);
      return tf.reshape(tf.transpose(patches, [0, 3, 1, 4, 2, 5]), [n, c, h, w]) as tf.Tensor4D;
    }
    const flat = tf.concat([tf.reshape(col, [n, perImage]), tf.zeros([n, 1])], 1);
    const fed = tf.gather(flat, this.scatterIndex, 1);
    const summed = tf.sum(tf.reshape(fed, [n, c * this.hp * this.wp, this.fanIn]), 2);
    const img = tf.reshape(summed, [n, c, this.hp, this.wp]) as tf.Tensor4D;
    return pad > 0 ? tf.slice(img, [0, 0, pad, pad], [n, c, h, w]) : img;
  }

  dispose(): void {
    this.gatherIndex.dispose();
    this.scatterIndex.dispose();
  }
}
