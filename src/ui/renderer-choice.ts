/**
 * Which Pixi renderer the page's shared renderer uses (see shared-renderer.ts for why): WebGL
 * where a GPU draws it, Pixi's canvas renderer where WebGL is software-rendered, or what the
 * page URL's `?renderer=webgl|canvas` says. No Pixi import: Node tests can load it.
 */
export type RendererKind = 'webgl' | 'canvas';

/** WebGL drivers that rasterise on the CPU. */
const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * The renderer to use: the URL's `?renderer=` if given, else WebGL unless this browser's WebGL
 * is software-rendered. The probe's context is released at once (contexts are few).
 */
export function chooseRendererKind(search = globalThis.location?.search ?? ''): RendererKind {
  const asked = new URLSearchParams(search).get('renderer');
  if (asked === 'webgl' || asked === 'canvas') return asked;
  if (typeof document === 'undefined') return 'webgl';
  const gl = document.createElement('canvas').getContext('webgl');
  if (!gl) return 'canvas';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return SOFTWARE_GL.test(name) ? 'canvas' : 'webgl';
}
