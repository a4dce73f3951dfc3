/**
 * The before/after slider's arithmetic, kept apart from the DOM so a unit test can hold it:
 * where the divider goes for a pointer or a key, how much of each picture shows, and what a
 * screen reader says. A position is the share of the width, 0..1, shown as "before" (left of
 * the divider); the rest, right of it, is "after".
 */

/** Keyboard steps: an arrow moves the divider by SMALL, Page Up/Down by LARGE. */
export const SMALL_STEP = 0.02;
export const LARGE_STEP = 0.1;

export function clampPosition(p: number): number {
  if (Number.isNaN(p)) return 0.5;
  return Math.min(1, Math.max(0, p));
}

/** The divider under a pointer at `clientX` over a box starting at `left`, `width` wide. */
export function positionFromPointer(clientX: number, left: number, width: number): number {
  if (!(width > 0)) return 0.5;
  return clampPosition((clientX - left) / width);
}

/**
 * Where `key` moves the divider from `p`, or null when the key is not the slider's (so the
 * page keeps it: Tab, Enter...). Arrows right/up move toward "after" shown less, as a native
 * range input does: the value (the share of "before") grows.
 */
export function positionAfterKey(key: string, p: number): number | null {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return clampPosition(round(p + SMALL_STEP));
    case 'ArrowLeft':
    case 'ArrowDown':
      return clampPosition(round(p - SMALL_STEP));
    case 'PageUp':
      return clampPosition(round(p + LARGE_STEP));
    case 'PageDown':
      return clampPosition(round(p - LARGE_STEP));
    case 'Home':
      return 0;
    case 'End':
      return 1;
    default:
      return null;
  }
}

/** Steps of 0.02 added a few times drift (0.1 + 0.2): keep positions on a 1e-6 grid. */
function round(p: number): number {
  return Math.round(p * 1e6) / 1e6;
}

/** The CSS clip of the "after" picture: it shows right of the divider. */
export function afterClip(p: number): string {
  return `inset(0 0 0 ${(clampPosition(p) * 100).toFixed(2)}%)`;
}

/** The slider's aria-valuenow (whole percent of "before" shown). */
export function percent(p: number): number {
  return Math.round(clampPosition(p) * 100);
}

/** What a screen reader says: "60 % Content, 40 % Stylised". */
export function valueText(p: number, before: string, after: string): string {
  const b = percent(p);
  return `${b} % ${before}, ${100 - b} % ${after}`;
}
