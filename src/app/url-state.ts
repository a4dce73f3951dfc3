/**
 * What a user would share lives in the URL, after the route: `#arena?env=catch&seed=3`.
 * Each page owns a `UrlState` for its route: it reads the values a shared link (or a reload)
 * brought, and writes its current values back with `history.replaceState` (no new history
 * entry, no `hashchange`, so writing never re-routes). `?backend=` stays in the search part.
 */

/** The route and the state of a hash such as `#learn/mnist?lr=0.1`. */
export function parseHash(hash: string): { path: string[]; params: URLSearchParams } {
  const body = hash.replace(/^#/, '');
  const cut = body.indexOf('?');
  const route = cut < 0 ? body : body.slice(0, cut);
  return {
    path: route.split('/').filter((part) => part !== ''),
    params: new URLSearchParams(cut < 0 ? '' : body.slice(cut + 1)),
  };
}

const states = new Map<string, UrlState>();
let currentRoute = '';

/**
 * The app calls this when it shows a route (canonical, e.g. `learn/mnist`): a page made from
 * now on reads this route's values from the URL, and a page already made writes its values
 * back (a nav link carries no state, and the page has kept its own).
 */
export function enterRoute(route: string): void {
  currentRoute = route;
  states.get(route)?.publish();
}

type Value = string | number | boolean;

export class UrlState {
  /** The values the URL held for this route when the page was made (a link, a reload). */
  private readonly initial: URLSearchParams;
  private readonly values = new Map<string, string>();

  constructor(private readonly route: string) {
    this.initial = route === currentRoute ? parseHash(location.hash).params : new URLSearchParams();
    states.set(route, this);
  }

  /** The value set last for `key`, else the URL's text, or null when neither gave it. */
  raw(key: string): string | null {
    return this.values.get(key) ?? this.initial.get(key);
  }

  /** One of `allowed`, or `fallback` when the value is missing or not one of them. */
  choice<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const v = this.raw(key);
    return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
  }

  /** A finite number in [min, max], or `fallback` when the value is missing or out of range. */
  number(key: string, fallback: number, min = -Infinity, max = Infinity): number {
    const text = this.raw(key);
    const v = text === null || text.trim() === '' ? Number.NaN : Number(text);
    return Number.isFinite(v) && v >= min && v <= max ? v : fallback;
  }

  /** Records values (null removes one) and writes them to the URL if this route is showing. */
  set(values: Record<string, Value | null>): void {
    for (const [k, v] of Object.entries(values)) {
      if (v === null) this.values.delete(k);
      else this.values.set(k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
    }
    this.publish();
  }

  /** Writes this page's values into the URL, keeping the path and the `?backend=` search. */
  publish(): void {
    if (this.route !== currentRoute) return;
    const query = new URLSearchParams([...this.values]).toString();
    const hash = `#${this.route}${query ? `?${query}` : ''}`;
    if (hash !== location.hash)
      history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
  }
}

/** What a page reads from its URL state or from a later link: choices and numbers, checked. */
export interface UrlValues {
  choice<T extends string>(key: string, allowed: readonly T[], fallback: T): T;
  number(key: string, fallback: number, min?: number, max?: number): number;
}

/** A link's values read with the same checks as UrlState's. */
export function linkValues(link: URLSearchParams): UrlValues {
  return {
    choice: (key, allowed, fallback) => {
      const v = link.get(key);
      return v !== null && (allowed as readonly string[]).includes(v)
        ? (v as typeof fallback)
        : fallback;
    },
    number: (key, fallback, min = -Infinity, max = Infinity) => {
      const text = link.get(key);
      const v = text === null || text.trim() === '' ? Number.NaN : Number(text);
      return Number.isFinite(v) && v >= min && v <= max ? v : fallback;
    },
  };
}

type FormControl = HTMLInputElement | HTMLSelectElement;

/**
 * Keeps every named input and select of `form` in the URL: values a link brought are applied
 * first, in the form's order, each with a `change` event so that dependent fields (a net's
 * preset) update before the later fields' own values are applied; then every change is written.
 * Returns `follow`: a later link into the page made already (Home's "try first") applies its
 * values the same way.
 */
export function bindFormToUrl(form: HTMLElement, state: UrlState): (link: URLSearchParams) => void {
  const controls = Array.from(form.querySelectorAll<FormControl>('input[name], select[name]'));
  const applyValues = (read: (name: string) => string | null): void => {
    for (const control of controls) {
      const text = read(control.name);
      if (text === null || !applies(control, text)) continue;
      if (control instanceof HTMLInputElement && control.type === 'checkbox')
        control.checked = text === '1';
      else control.value = text;
      control.dispatchEvent(new Event('change', { bubbles: true }));
    }
  };
  const write = (): void =>
    state.set(
      Object.fromEntries(
        controls.map((c) => [
          c.name,
          c instanceof HTMLInputElement && c.type === 'checkbox' ? c.checked : c.value,
        ]),
      ),
    );
  applyValues((name) => state.raw(name));
  form.addEventListener('change', write);
  form.addEventListener('input', write);
  write();
  return (link) => {
    applyValues((name) => link.get(name));
    write();
  };
}

/** Whether a URL value fits the control: a listed option, a number for a number field. */
function applies(control: FormControl, text: string): boolean {
  if (control instanceof HTMLSelectElement)
    return Array.from(control.options).some((o) => o.value === text);
  if (control.type === 'number' || control.type === 'range')
    return text.trim() !== '' && Number.isFinite(Number(text));
  return control.type === 'checkbox' ? text === '0' || text === '1' : true;
}
