/**
 * Small helpers for text in Pixi components: one place for the type scale, and a pool that
 * reuses Text objects between redraws (a Text re-renders its texture only when its string or
 * style changes, so reusing them keeps live charts cheap).
 */
import { Container, Text, type TextStyleFontWeight } from 'pixi.js';
import type { Theme } from './theme';

/** The type scale of every canvas: nothing under 11px. */
export const FONT = {
  small: 11,
  body: 12,
  title: 13,
} as const;

/** The inset of a card's content from its edges, in CSS pixels. */
export const CARD_PAD = 12;

export interface LabelStyle {
  size?: number;
  color: number;
  weight?: TextStyleFontWeight;
}

export function makeText(theme: Theme, text: string, style: LabelStyle): Text {
  return new Text({
    text,
    style: {
      fontFamily: theme.fontFamily,
      fontSize: style.size ?? FONT.body,
      fill: style.color,
      fontWeight: style.weight ?? '400',
    },
  });
}

/** A card's heading, in the top left corner where every card has it. */
export function makeTitle(theme: Theme, text: string): Text {
  const title = makeText(theme, text, { size: FONT.title, color: theme.text, weight: '600' });
  title.position.set(CARD_PAD, CARD_PAD - 2);
  return title;
}

/** Text objects handed out in order each redraw; the unused rest are hidden. */
export class TextPool {
  readonly container = new Container();
  private readonly items: Text[] = [];
  private used = 0;

  constructor(
    private readonly theme: Theme,
    private readonly style: LabelStyle,
  ) {}

  /** Starts a redraw: every label is free again. */
  reset(): void {
    this.used = 0;
  }

  /** A visible label with this text (and fill, when given), positioned by the caller. */
  take(text: string, color?: number): Text {
    let t = this.items[this.used];
    if (!t) {
      t = makeText(this.theme, text, this.style);
      this.items.push(t);
      this.container.addChild(t);
    }
    this.used++;
    t.text = text;
    const fill = color ?? this.style.color;
    if (t.style.fill !== fill) t.style.fill = fill;
    t.visible = true;
    t.anchor.set(0, 0);
    t.rotation = 0;
    return t;
  }

  /** Hides the labels not taken since reset(). */
  finish(): void {
    for (let i = this.used; i < this.items.length; i++) this.items[i].visible = false;
  }
}
