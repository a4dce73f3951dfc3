/**
 * The fast style transfer nets the app ships (models/style/NAME.gst): which of the three this
 * build holds, and fetching one with a sentence a user can act on when it is missing (not in
 * this build, or the server answering 404 or a page instead of the file).
 */
import { STYLE_NET_FILES, STYLE_PREVIEW_FILES } from '../shipped-models';

/** The shipped nets, in the order the picker shows them (mosaic first: it reads at once). */
export const SHIPPED_STYLE_NETS = ['mosaic', 'waves', 'kandinsky'] as const;

export interface ShippedStyleNet {
  name: string;
  /** The file as the repository names it. */
  file: string;
  /** Where the build serves it; null when this build has no such file. */
  url: string | null;
  /** Its preview sheet from `vision style train` (null: none in this build). */
  preview: string | null;
}

/** The URLs of files by name: "waves" for .../waves.gst (or .../waves-preview.png). */
function byName(files: Record<string, string>, suffix: RegExp): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, url] of Object.entries(files)) {
    const m = suffix.exec(path);
    if (m?.[1]) out.set(m[1], url);
  }
  return out;
}

/** The expected nets (present or not) and any other .gst in models/style, by name. */
export function shippedStyleNets(
  files: Record<string, string> = STYLE_NET_FILES,
  previews: Record<string, string> = STYLE_PREVIEW_FILES,
): ShippedStyleNet[] {
  const nets = byName(files, /([^/]+)\.gst$/);
  const sheets = byName(previews, /([^/]+)-preview\.png$/);
  const expected: readonly string[] = SHIPPED_STYLE_NETS;
  const names = [...expected, ...[...nets.keys()].filter((n) => !expected.includes(n)).sort()];
  return names.map((name) => ({
    name,
    file: `models/style/${name}.gst`,
    url: nets.get(name) ?? null,
    preview: sheets.get(name) ?? null,
  }));
}

/** A shipped net that cannot be had; its message says which and what to do instead. */
export class MissingStyleNet extends Error {
  /** "models/style/waves.gst is not in this build": what happened, without the advice. */
  readonly what: string;

  constructor(net: ShippedStyleNet, why: string) {
    super(
      `${net.file} ${why}: pick another net, load a .gst file or train one below (npm run cli -- vision style train makes them)`,
    );
    this.name = 'MissingStyleNet';
    this.what = `${net.file} ${why}`;
  }
}

/** The net's bytes; a MissingStyleNet when the build or the server has no such file. */
export async function fetchShippedStyleNet(
  net: ShippedStyleNet,
  fetcher: typeof fetch = fetch,
): Promise<Uint8Array> {
  if (!net.url) throw new MissingStyleNet(net, 'is not in this build');
  let res: Response;
  try {
    res = await fetcher(net.url);
  } catch (e) {
    throw new MissingStyleNet(net, `could not be fetched (${(e as Error).message})`);
  }
  if (res.status === 404) throw new MissingStyleNet(net, 'is missing on the server (HTTP 404)');
  if (!res.ok) throw new MissingStyleNet(net, `could not be fetched (HTTP ${res.status})`);
  // A dev server answers an unknown path with the app's page: that is not the file either.
  if ((res.headers.get('content-type') ?? '').startsWith('text/html'))
    throw new MissingStyleNet(net, 'is missing on the server (it answered with a page)');
  return new Uint8Array(await res.arrayBuffer());
}
