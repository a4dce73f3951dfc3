/**
 * A GAN's training as two live charts side by side: the two players' losses (the
 * discriminator's and the generator's, which move against each other rather than both down),
 * and what the discriminator says, D(x) on real digits and D(G(z)) on the generator's (1:
 * "real"). In a healthy run both settle between 0 and 1; D(G(z)) pinned near 0 means the
 * discriminator has won, and the generator learns nothing more. An InfoGAN's Q loss (reading
 * the code back from a fake) joins the losses: from ln k it should fall towards 0.
 */
import { LineChart } from './line-chart';

export interface GanLossPoint {
  step: number;
  discriminatorLoss: number;
  generatorLoss: number;
  /** Mean D(x) on real images. */
  realness: number;
  /** Mean D(G(z)) on the fakes. */
  fakeness: number;
  /** An InfoGAN's: Q's cross-entropy on the fakes' codes (how well D reads the code back). */
  infoLoss?: number;
}

export interface GanLossPanelOptions {
  /** Width of each chart (default 420). */
  width?: number;
  /** Height of each chart (default 220). */
  height?: number;
}

export class GanLossPanel {
  readonly element: HTMLElement;
  private constructor(
    element: HTMLElement,
    readonly losses: LineChart,
    readonly verdicts: LineChart,
  ) {
    this.element = element;
  }

  static async create(parent: HTMLElement, opts: GanLossPanelOptions = {}): Promise<GanLossPanel> {
    const element = document.createElement('div');
    element.className = 'ga-gan-loss-panel';
    Object.assign(element.style, {
      display: 'flex',
      flexWrap: 'wrap',
      gap: '16px',
      maxWidth: '100%',
    });
    parent.append(element);
    const size = { width: opts.width ?? 420, height: opts.height ?? 220 };
    try {
      const [losses, verdicts] = await Promise.all([
        LineChart.create(element, {
          ...size,
          title: 'Losses',
          xLabel: 'step',
          yLabel: 'loss',
          xIntegers: true,
          series: [
            { name: 'd', label: 'D loss' },
            { name: 'g', label: 'G loss' },
            { name: 'q', label: 'Q loss', optional: true },
          ],
        }),
        LineChart.create(element, {
          ...size,
          title: 'What D says (1: real)',
          xLabel: 'step',
          yLabel: 'D output',
          yRange: [0, 1],
          xIntegers: true,
          series: [
            { name: 'real', label: 'D(x)' },
            { name: 'fake', label: 'D(G(z))' },
          ],
        }),
      ]);
      return new GanLossPanel(element, losses, verdicts);
    } catch (e) {
      element.remove();
      throw e;
    }
  }

  /** Adds steps (in step order) to both charts. */
  append(points: readonly GanLossPoint[]): void {
    if (points.length === 0) return;
    this.losses.append(
      'd',
      points.map((p) => [p.step, p.discriminatorLoss]),
    );
    this.losses.append(
      'g',
      points.map((p) => [p.step, p.generatorLoss]),
    );
    const info = points.flatMap(
      (p): Array<[number, number]> => (p.infoLoss === undefined ? [] : [[p.step, p.infoLoss]]),
    );
    if (info.length > 0) {
      this.losses.append('q', info);
      // Which lines have points, for tests (the legend is drawn on the canvas).
      this.element.dataset.series = 'd g q';
    } else if (!this.element.dataset.series) this.element.dataset.series = 'd g';
    this.verdicts.append(
      'real',
      points.map((p) => [p.step, p.realness]),
    );
    this.verdicts.append(
      'fake',
      points.map((p) => [p.step, p.fakeness]),
    );
  }

  clear(): void {
    delete this.element.dataset.series;
    this.losses.clear();
    this.verdicts.clear();
  }

  /** Draws now (tests, screenshots). */
  flush(): void {
    this.losses.flush();
    this.verdicts.flush();
  }

  destroy(): void {
    this.losses.destroy();
    this.verdicts.destroy();
    this.element.remove();
  }
}
