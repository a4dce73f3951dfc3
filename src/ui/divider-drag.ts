/**
 * The pointer and key handling of a before/after divider, shared by BeforeAfterView and
 * LiveStyleView: a drag anywhere on `area` (one pointer at a time, captured) moves the divider
 * to the pointer; arrows, Page Up/Down, Home and End on the focused `divider` step it
 * (before-after-math.ts holds the arithmetic).
 */
import { positionAfterKey, positionFromPointer } from './before-after-math';

export interface DividerDragHooks {
  /** Whether a drag may start now (both pictures shown, divider layout chosen). */
  active(): boolean;
  /** The divider's position in [0, 1]. */
  position(): number;
  move(position: number): void;
}

export function wireDividerDrag(
  area: HTMLElement,
  divider: HTMLElement,
  hooks: DividerDragHooks,
): void {
  let dragging: number | null = null;
  const at = (e: PointerEvent) => {
    const r = area.getBoundingClientRect();
    return positionFromPointer(e.clientX, r.left, r.width);
  };
  area.addEventListener('pointerdown', (e) => {
    if (!hooks.active() || e.button > 0) return;
    dragging = e.pointerId;
    area.setPointerCapture?.(e.pointerId);
    divider.focus({ preventScroll: true });
    hooks.move(at(e));
    e.preventDefault();
  });
  area.addEventListener('pointermove', (e) => {
    if (dragging === e.pointerId) hooks.move(at(e));
  });
  const end = (e: PointerEvent) => {
    if (dragging === e.pointerId) dragging = null;
  };
  area.addEventListener('pointerup', end);
  area.addEventListener('pointercancel', end);
  divider.addEventListener('keydown', (e) => {
    const next = positionAfterKey(e.key, hooks.position());
    if (next === null) return;
    e.preventDefault();
    hooks.move(next);
  });
}
