/** Tiny DOM helpers for the pages (no framework: a handful of forms and panels). */

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

/** A labelled form field wrapping `input`. */
export function field(label: string, input: HTMLElement, hint?: string): HTMLLabelElement {
  const l = el('label', { class: 'field' }, el('span', { class: 'field-label' }, label), input);
  if (hint) l.title = hint;
  return l;
}

/** A field two grid columns wide (long option names). */
export function wideField(label: HTMLLabelElement): HTMLLabelElement {
  label.classList.add('wide-field');
  return label;
}

export function select(
  name: string,
  options: Array<[string, string]>,
  value: string,
): HTMLSelectElement {
  const s = el('select', { name });
  for (const [v, text] of options) s.append(el('option', { value: v }, text));
  s.value = value;
  return s;
}

export function numberInput(
  name: string,
  value: number,
  attrs: Record<string, string> = {},
): HTMLInputElement {
  return el('input', { name, type: 'number', value: String(value), ...attrs });
}

export function button(text: string, attrs: Record<string, string> = {}): HTMLButtonElement {
  return el('button', { type: 'button', ...attrs }, text);
}
