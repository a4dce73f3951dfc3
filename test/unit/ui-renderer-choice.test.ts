/** The page's renderer choice: the URL's word wins; without a page (Node) WebGL is assumed. */
import { describe, expect, it } from 'vitest';
import { chooseRendererKind } from '../../src/ui/renderer-choice';

describe('chooseRendererKind', () => {
  it('takes ?renderer=webgl or canvas from the URL', () => {
    expect(chooseRendererKind('?renderer=canvas')).toBe('canvas');
    expect(chooseRendererKind('?backend=wasm&renderer=webgl')).toBe('webgl');
  });

  it('ignores other words and, with no document to probe, assumes WebGL', () => {
    expect(typeof document).toBe('undefined');
    expect(chooseRendererKind('?renderer=webgpu')).toBe('webgl');
    expect(chooseRendererKind('')).toBe('webgl');
  });
});
