/**
 * The losses of a style transfer as it optimises: a line chart on a log scale (the terms span
 * decades, and a log axis shows each one's relative fall) of the weighted content, style and
 * total-variation terms and their sum, per step, with a line above it saying where the run
 * is: step, seconds, steps per second and the weights. The weighted terms add up to the
 * total, so the chart shows which term pulls hardest.
 */
import { setThemeVariables } from './card';
import { Component } from './component';
import { LineChart } from './line-chart';
import {
  lossReadout,
  SERIES,
  type StyleLossData,
  type StyleLossPoint,
  type StyleLossWeights,
  weightedTerms,
} from './style-loss-math';

export type { StyleLossData, StyleLossPoint, StyleLossWeights };

export interface StyleLossPanelOptions {
  width: number;
  height: number;
  title?: string;
}

export class StyleLossPanel extends Component<StyleLossData> {
  private readonly readout: HTMLElement;
  private chart: LineChart | null = null;
  private data: StyleLossData = { points: [], weights: { content: 1, style: 1, tv: 1 } };

  static async create(
    parent: HTMLElement,
    options: StyleLossPanelOptions,
  ): Promise<StyleLossPanel> {
    const host = document.createElement('div');
    host.className = 'ga-style-loss-panel';
    return StyleLossPanel.attach(parent, host, async (h) => {
      const panel = new StyleLossPanel(h);
      panel.chart = await LineChart.create(h, {
        width: options.width,
        height: options.height,
        title: options.title ?? 'Losses (weighted)',
        xLabel: 'step',
        logY: true,
        xIntegers: true,
        series: SERIES.map((s) => ({ name: s.name, label: s.label })),
      });
      return panel;
    });
  }

  private constructor(element: HTMLElement) {
    super(element);
    setThemeVariables(element, this.theme);
    Object.assign(element.style, { display: 'grid', gap: '4px', maxWidth: '100%' });
    this.readout = document.createElement('div');
    this.readout.className = 'ga-style-loss-panel__readout';
    Object.assign(this.readout.style, {
      font: '12px/1.4 var(--ga-font)',
      color: 'var(--ga-muted)',
      fontVariantNumeric: 'tabular-nums',
    });
    element.appendChild(this.readout);
    this.readout.textContent = lossReadout(this.data);
  }

  /** Replaces every point (a new run, or a finished one shown again). */
  update(data: StyleLossData): void {
    this.data = { ...data, points: [...data.points] };
    const series: Record<string, Array<[number, number]>> = {};
    for (const s of SERIES) series[s.name] = [];
    for (const p of data.points) {
      const v = weightedTerms(p, data.weights);
      for (const s of SERIES) series[s.name]?.push([p.step, v[s.name]]);
    }
    this.chart?.update({ series });
    this.readout.textContent = lossReadout(this.data);
  }

  /** Adds the newest step (the live path). */
  append(point: StyleLossPoint): void {
    (this.data.points as StyleLossPoint[]).push(point);
    const v = weightedTerms(point, this.data.weights);
    for (const s of SERIES) this.chart?.append(s.name, [[point.step, v[s.name]]]);
    this.readout.textContent = lossReadout(this.data);
  }

  /** Draws now (tests, screenshots). */
  flush(): void {
    this.chart?.flush();
  }

  protected themeChanged(): void {
    setThemeVariables(this.element, this.theme);
  }

  override destroy(): void {
    this.chart?.destroy();
    super.destroy();
  }
}
