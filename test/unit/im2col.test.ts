import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { convOutputSize, Im2Col } from '../../src/nn/layers/im2col';
import { expectClose, randn } from '../helpers/tensors';

describe('im2col / col2im', () => {
  it("has the book's shapes: (1,3,7,7) with 5x5 filters -> (9, 75); (10,3,7,7) -> (90, 75)", () => {
    const t = new Im2Col({ c: 3, h: 7, w: 7, fh: 5, fw: 5, stride: 1, pad: 0 });
    tf.tidy(() => {
      expect(t.im2col(randn([1, 3, 7, 7], 1)).shape).toEqual([9, 75]);
      expect(t.im2col(randn([10, 3, 7, 7], 2)).shape).toEqual([90, 75]);
    });
    t.dispose();
  });

  it('lays out each row as the C x FH x FW patch at one output position', () => {
    tf.tidy(() => {
      const x = tf.tensor4d(
        Float32Array.from({ length: 2 * 4 * 4 }, (_, i) => i),
        [1, 2, 4, 4],
      );
      const t = new Im2Col({ c: 2, h: 4, w: 4, fh: 2, fw: 2, stride: 2, pad: 1 });
      const col = t.im2col(x).arraySync() as number[][];
      // Output 3x3; row 4 is the centre window: padded rows/cols 2-3 = original 1-2.
      expect(col).toHaveLength(9);
      expect(col[4]).toEqual([5, 6, 9, 10, 21, 22, 25, 26]);
      // Row 0 is the top-left window: mostly padding.
      expect(col[0]).toEqual([0, 0, 0, 0, 0, 0, 0, 16]);
      t.dispose();
    });
  });

  it('windows that tile the input (stride = window, no pad) take the reshape path, same layout', () => {
    tf.tidy(() => {
      const x = tf.tensor4d(
        Float32Array.from({ length: 2 * 2 * 4 * 4 }, (_, i) => i),
        [2, 2, 4, 4],
      );
      const t = new Im2Col({ c: 2, h: 4, w: 4, fh: 2, fw: 2, stride: 2, pad: 0 });
      expect(t.tiles).toBe(true);
      const col = t.im2col(x).arraySync() as number[][];
      // Image 0: row 1 is the top-right window of both channels; image 1 starts at row 4.
      expect(col).toHaveLength(8);
      expect(col[1]).toEqual([2, 3, 6, 7, 18, 19, 22, 23]);
      expect(col[7]).toEqual([42, 43, 46, 47, 58, 59, 62, 63]);
      // col2im is its inverse: every pixel is in exactly one window.
      expectClose(t.col2im(t.im2col(x), 2), x, 0, 0);
      t.dispose();
      const gaps = new Im2Col({ c: 1, h: 4, w: 4, fh: 2, fw: 2, stride: 2, pad: 1 });
      expect(gaps.tiles).toBe(false);
      gaps.dispose();
    });
  });

  it('col2im undoes im2col for non-overlapping windows and sums overlaps', () => {
    tf.tidy(() => {
      const x = randn([2, 3, 6, 6], 3);
      const tiles = new Im2Col({ c: 3, h: 6, w: 7, fh: 2, fw: 3, stride: 2, pad: 0 });
      expect(tiles.fanIn).toBe(2);
      tiles.dispose();
      const exact = new Im2Col({ c: 3, h: 6, w: 6, fh: 2, fw: 2, stride: 2, pad: 0 });
      expectClose(exact.col2im(exact.im2col(x), 2), x);
      exact.dispose();
      // 3x3 windows, stride 1: an interior pixel is in 9 windows, a corner in 1.
      const overlap = new Im2Col({ c: 1, h: 5, w: 5, fh: 3, fw: 3, stride: 1, pad: 0 });
      const ones = tf.ones([1, 1, 5, 5]);
      const counts = overlap.col2im(overlap.im2col(ones), 1).arraySync() as number[][][][];
      expect(counts[0][0][0]).toEqual([1, 2, 3, 2, 1]);
      expect(counts[0][0][2]).toEqual([3, 6, 9, 6, 3]);
      overlap.dispose();
    });
  });

  it('refuses geometries that do not tile the input, and inputs of the wrong shape', () => {
    expect(() => convOutputSize({ c: 1, h: 7, w: 7, fh: 2, fw: 2, stride: 2, pad: 0 })).toThrow(
      /does not tile a 7x7 input/,
    );
    expect(() => convOutputSize({ c: 1, h: 3, w: 3, fh: 5, fw: 5, stride: 1, pad: 0 })).toThrow(
      /does not tile/,
    );
    const t = new Im2Col({ c: 3, h: 7, w: 7, fh: 5, fw: 5, stride: 1, pad: 0 });
    expect(() => tf.tidy(() => t.im2col(tf.zeros([1, 2, 7, 7])))).toThrow(/expects \[N, 3, 7, 7\]/);
    t.dispose();
  });
});
