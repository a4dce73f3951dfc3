/**
 * The frame the line chart and the scatter plot share: title and axis-label texts, and per
 * redraw the plot area laid out from the tick labels with its background, grid, ticks and x
 * axis. One place, so both charts keep one look.
 */
import { Container, Graphics, type Text } from 'pixi.js';
import { formatAxisValue, formatLog, type Ticks, type ValueFormat } from './chart-scale';
import { FONT, makeText, makeTitle, TextPool } from './pixi-text';
import type { Theme } from './theme';

/** Padding around the chart, and between tick labels and the plot area. */
export const PAD = 12;
export const TICK_GAP = 6;

export interface FrameLabels {
  title?: string;
  xLabel?: string;
  yLabel?: string;
}

/** What one redraw of the frame needs: the canvas size, where the plot starts, the ticks. */
export interface FrameSpec {
  width: number;
  height: number;
  /** Top of the plot area (below the header, which each chart lays out itself). */
  top: number;
  xt: Ticks;
  yt: Ticks;
  logX?: boolean;
  logY?: boolean;
  yFormat: ValueFormat;
}

/** The plot area of one redraw, and the data-to-pixel maps for it. */
export interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
  plotW: number;
  plotH: number;
  sx(v: number): number;
  sy(v: number): number;
}

export class ChartFrame {
  /** Plot background, grid lines and x axis: goes under the chart's data. */
  readonly grid = new Graphics();
  readonly tickLabels: TextPool;
  /** Title, axis labels and the empty-state message: goes over the chart's data. */
  readonly overlay = new Container();
  readonly title?: Text;
  readonly xLabel?: Text;
  readonly yLabel?: Text;
  readonly emptyText: Text;

  constructor(
    private readonly theme: Theme,
    labels: FrameLabels,
  ) {
    const t = theme;
    this.tickLabels = new TextPool(t, { size: FONT.small, color: t.muted });
    const { title, xLabel, yLabel } = labels;
    if (title) {
      this.title = makeTitle(t, title);
      this.overlay.addChild(this.title);
    }
    if (xLabel) {
      this.xLabel = makeText(t, xLabel, { size: FONT.small, color: t.muted });
      this.xLabel.anchor.set(0.5, 1);
      this.overlay.addChild(this.xLabel);
    }
    if (yLabel) {
      this.yLabel = makeText(t, yLabel, { size: FONT.small, color: t.muted });
      this.yLabel.anchor.set(0.5, 0);
      this.yLabel.rotation = -Math.PI / 2;
      this.overlay.addChild(this.yLabel);
    }
    this.emptyText = makeText(t, 'Waiting for data…', { size: FONT.body, color: t.muted });
    this.emptyText.anchor.set(0.5, 0.5);
    this.overlay.addChild(this.emptyText);
  }

  /** Adds the frame to the stage: grid and ticks below the chart's own layers, text above. */
  mount(stage: Container, ...layers: Container[]): void {
    stage.addChild(this.grid, this.tickLabels.container, ...layers, this.overlay);
  }

  /** Lays out the plot area and draws background, grid, tick labels and x axis. */
  draw(spec: FrameSpec): PlotArea {
    const t = this.theme;
    const { width, height, top, xt, yt, logX, logY, yFormat } = spec;
    const tx = (v: number): number => (logX ? Math.log10(v) : v);
    const ty = (v: number): number => (logY ? Math.log10(v) : v);
    this.tickLabels.reset();

    // y tick labels first: their widest label sets the left margin.
    const yLabels = yt.values.map((v) =>
      this.tickLabels.take(logY ? formatLog(v) : formatAxisValue(v, yt.step, yFormat)),
    );
    const yLabelWidth = Math.max(0, ...yLabels.map((l) => l.width));
    const left = Math.round(PAD + (this.yLabel ? 18 : 0) + yLabelWidth + TICK_GAP);
    const right = width - PAD - 6;
    const bottom = Math.round(height - PAD - (this.xLabel ? 18 : 0) - FONT.small - TICK_GAP - 2);
    const plotW = Math.max(1, right - left);
    const plotH = Math.max(1, bottom - top);
    const sx = (v: number): number =>
      left + ((tx(v) - tx(xt.min)) / (tx(xt.max) - tx(xt.min) || 1)) * plotW;
    const sy = (v: number): number =>
      bottom - ((ty(v) - ty(yt.min)) / (ty(yt.max) - ty(yt.min) || 1)) * plotH;

    const g = this.grid;
    g.clear();
    g.rect(left, top, plotW, plotH).fill({ color: t.background, alpha: 0.35 });
    yt.values.forEach((v, i) => {
      const py = Math.round(sy(v)) + 0.5;
      g.moveTo(left, py).lineTo(right, py);
      yLabels[i].anchor.set(1, 0.5);
      yLabels[i].position.set(left - TICK_GAP, py);
    });
    for (const v of xt.values) {
      const px = Math.round(sx(v)) + 0.5;
      g.moveTo(px, top).lineTo(px, bottom);
      const label = this.tickLabels.take(
        logX ? formatLog(v) : formatAxisValue(v, xt.step, 'number'),
      );
      label.anchor.set(0.5, 0);
      label.position.set(px, bottom + TICK_GAP);
    }
    g.stroke({ width: 1, color: t.grid });
    g.moveTo(left, bottom + 0.5)
      .lineTo(right, bottom + 0.5)
      .stroke({ width: 1, color: t.muted, alpha: 0.6 });
    this.tickLabels.finish();

    this.xLabel?.position.set(left + plotW / 2, height - PAD + 2);
    this.yLabel?.position.set(PAD - 2, top + plotH / 2);
    return { left, right, top, bottom, plotW, plotH, sx, sy };
  }

  /** Shows "Waiting for data…" in the middle of the plot while there is nothing to draw. */
  showEmpty(empty: boolean, area: PlotArea): void {
    this.emptyText.visible = empty;
    this.emptyText.position.set(area.left + area.plotW / 2, area.top + area.plotH / 2);
  }
}
