/**
 * CartPole-v1 as a small game: the track with its ±2.4 m limits marked, the cart, and the pole
 * at its true angle inside the faint ±12° cone where the episode still runs. Between two
 * snapshots the cart and pole ease (`smoothMs`, default 40 ms), so a stream slower than the
 * screen still moves smoothly.
 */
import type { CartPoleState } from '../../envs/cartpole';
import { cartPoleGeometry, lerp } from './arena-math';
import { type Area, EnvViewBase, type EnvViewData, type EnvViewOptions } from './env-view-base';

export type CartPoleViewData = EnvViewData<CartPoleState>;

/** Gymnasium's CartPole-v1 limits and sizes (metres, radians). */
const X_LIMIT = 2.4;
const THETA_LIMIT = (12 * 2 * Math.PI) / 360;
const POLE_LENGTH = 1; // 2 x the half-length 0.5
const CART_W = 0.5;
const CART_H = 0.3;

export class CartPoleView extends EnvViewBase<CartPoleState> {
  static async create(parent: HTMLElement, options: EnvViewOptions): Promise<CartPoleView> {
    const opts = { smoothMs: 40, ...options };
    const card = CartPoleView.card('ga-cartpole-view', 'CartPole', opts);
    return CartPoleView.mount(parent, card, (host) => new CartPoleView(host, opts));
  }

  private constructor(host: HTMLElement, opts: EnvViewOptions) {
    super(host, opts, 'CartPole');
  }

  protected check(data: CartPoleViewData): void {
    const s = data.state;
    for (const k of ['x', 'xDot', 'theta', 'thetaDot'] as const) {
      if (typeof s[k] !== 'number' || Number.isNaN(s[k])) {
        throw new Error(`CartPole view: state.${k} must be a number, got ${s[k]}`);
      }
    }
  }

  protected describe(data: CartPoleViewData): string {
    const deg = (data.state.theta * 180) / Math.PI;
    return `CartPole: cart at ${data.state.x.toFixed(2)} m, pole at ${deg.toFixed(1)}°`;
  }

  protected drawBoard(area: Area, data: CartPoleViewData, u: number): void {
    const t = this.theme;
    const g = this.g;
    const s = data.state;
    // Ease from the previous snapshot only within an episode (steps went forward).
    const p = this.prev?.state;
    const smooth = p !== undefined && s.steps > p.steps && u < 1;
    const x = smooth ? lerp(p.x, s.x, u) : s.x;
    const theta = smooth ? lerp(p.theta, s.theta, u) : s.theta;

    // Scale: the track with a margin across the width; pole and cart in the height.
    const readout = 18;
    const scale = Math.min(
      area.width / (2 * X_LIMIT * 1.12),
      (area.height - readout - 16) / (POLE_LENGTH + CART_H + 0.25),
    );
    const cx = area.x + area.width / 2;
    const trackY = Math.round(area.y + area.height - readout - 10);
    const geo = cartPoleGeometry(x, theta, cx, scale, POLE_LENGTH);
    const cartW = CART_W * scale;
    const cartH = CART_H * scale;
    const pivotY = trackY - cartH - 2;

    // Track and its limits.
    const left = cx - X_LIMIT * scale;
    const right = cx + X_LIMIT * scale;
    g.moveTo(left - 0.06 * scale, trackY + 0.5)
      .lineTo(right + 0.06 * scale, trackY + 0.5)
      .stroke({ width: 2, color: t.muted, alpha: 0.7 });
    for (const lx of [left, right]) {
      g.moveTo(Math.round(lx) + 0.5, trackY - cartH - 4)
        .lineTo(Math.round(lx) + 0.5, trackY + 6)
        .stroke({ width: 2, color: t.warn, alpha: 0.7 });
    }
    for (const [lx, text] of [
      [left, '−2.4'],
      [right, '2.4'],
    ] as const) {
      const label = this.boardText.take(text, t.muted);
      label.anchor.set(0.5, 0);
      label.position.set(lx, trackY + 6);
    }

    // Failure cone: where the pole may lean before the episode ends.
    const coneLen = POLE_LENGTH * scale * 1.08;
    const cartX = geo.cartX;
    g.moveTo(cartX, pivotY)
      .lineTo(cartX + Math.sin(-THETA_LIMIT) * coneLen, pivotY - Math.cos(THETA_LIMIT) * coneLen)
      .lineTo(cartX + Math.sin(THETA_LIMIT) * coneLen, pivotY - Math.cos(THETA_LIMIT) * coneLen)
      .closePath()
      .fill({ color: t.accent, alpha: 0.08 });

    // Cart, wheels, pole, axle.
    const failed = Math.abs(s.theta) > THETA_LIMIT || Math.abs(s.x) > X_LIMIT;
    g.roundRect(cartX - cartW / 2, trackY - cartH - 2, cartW, cartH, 4).fill(t.accent2);
    const wheel = Math.max(2, cartH * 0.18);
    for (const dx of [-cartW / 3, cartW / 3]) {
      g.circle(cartX + dx, trackY - wheel + 1, wheel)
        .fill(t.panel)
        .stroke({
          width: 1.5,
          color: t.accent2,
        });
    }
    const poleColor = failed ? t.warn : t.series[2];
    g.moveTo(cartX, pivotY)
      .lineTo(cartX + geo.tipDx, pivotY + geo.tipDy)
      .stroke({ width: Math.max(4, scale * 0.09), color: poleColor, cap: 'round' });
    g.circle(cartX, pivotY, Math.max(2.5, scale * 0.035))
      .fill(t.panel)
      .stroke({ width: 1.5, color: t.muted });

    // Readout: the two numbers the task is about.
    const deg = (s.theta * 180) / Math.PI;
    const readText = this.boardText.take(
      `x ${s.x.toFixed(2)} m   θ ${deg.toFixed(1)}°`.replaceAll('-', '−'),
      t.muted,
    );
    readText.anchor.set(0.5, 0);
    readText.position.set(cx, area.y + area.height - readout + 4);

    if (s.done) {
      const truncated = !failed;
      this.banner(
        truncated ? 'Time limit: balanced!' : 'Pole fell',
        cx,
        area.y + area.height * 0.3,
        truncated ? t.accent : t.warn,
      );
    }
  }
}
