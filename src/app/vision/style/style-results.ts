/**
 * The style studio's finished runs: each kept with its settings, its loss curve and its
 * pictures, shown in a gallery (newest first); picking one shows it in the main view again,
 * where it can be saved.
 */
import type { StyleRunSettings, StyleRunSummary } from '../../../../workers/style-api';
import { StyleGallery } from '../../../ui/style-gallery';
import type { StyleLossPoint } from '../../../ui/style-loss-panel';
import { el } from '../../dom';
import { forView } from './picture-io';

export interface StyleResult {
  id: string;
  /** "mosaic · random filters". */
  label: string;
  styleName: string;
  settings: StyleRunSettings;
  summary: StyleRunSummary;
  points: StyleLossPoint[];
}

/** Results kept at most (each holds two pictures). */
const KEEP = 24;

const SHORT_NET: Record<StyleRunSettings['features'], string> = {
  random: 'random filters',
  trained: 'trained net',
};

export function resultLabel(styleName: string, s: StyleRunSettings): string {
  return `${styleName} · ${SHORT_NET[s.features]}`;
}

/** "100 steps · 24.1 s · loss 0.64" (the weighted total, as the chart's legend says it). */
export function resultCaption(r: StyleResult): string {
  const s = r.summary;
  const style = s.last ? ` · loss ${s.last.total.toPrecision(2)}` : '';
  const stopped = s.reason === 'done' ? '' : ` (${s.reason})`;
  return `${s.steps} steps · ${s.seconds.toFixed(1)} s${style}${stopped}`;
}

export class StyleResults {
  readonly element = el('section', { class: 'style-results' });
  private gallery: StyleGallery | null = null;
  private readonly results: StyleResult[] = [];
  private next = 1;

  constructor(private readonly onPick: (r: StyleResult) => void) {}

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    this.gallery = await StyleGallery.create(this.element, {
      title: 'Results',
      label: 'Results: pick one to see it above',
      thumbSize: 120,
      emptyText: 'Finished pictures gather here: pick one to compare it with its content again.',
    });
    this.gallery.onSelect((id) => {
      const r = this.results.find((x) => x.id === id);
      if (r) this.onPick(r);
    });
  }

  /** Keeps a finished run (the newest first) and marks it as the one shown. */
  add(
    styleName: string,
    settings: StyleRunSettings,
    summary: StyleRunSummary,
    points: StyleLossPoint[],
  ): StyleResult {
    const r: StyleResult = {
      id: `result-${this.next++}`,
      label: resultLabel(styleName, settings),
      styleName,
      settings,
      summary,
      points,
    };
    this.results.unshift(r);
    this.results.length = Math.min(this.results.length, KEEP);
    this.gallery?.update({
      items: this.results.map((x) => ({
        id: x.id,
        label: x.label,
        caption: resultCaption(x),
        badge: x.settings.features,
        picture: forView(x.summary.picture),
      })),
      selected: r.id,
    });
    this.element.dataset.count = String(this.results.length);
    return r;
  }

  /** The result picked last, or the newest. */
  shown(): StyleResult | null {
    const id = this.gallery?.selected;
    return this.results.find((r) => r.id === id) ?? this.results[0] ?? null;
  }
}
