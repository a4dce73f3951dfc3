/**
 * Home: the app at a glance, as an arcade's row of cabinets. One cabinet per area (Learn,
 * Arena, Vision), each with a live screen (a real computation, cheap enough for this thread:
 * no tfjs, no worker), a one-line pitch, what to try first (links into the area) and a
 * PRESS START. The screens run only while Home shows and the tab is visible; leave() ends them.
 */
import { el } from '../dom';
import { ArenaThumb } from './arena-thumb';
import { LearnThumb } from './learn-thumb';
import type { Thumbnail, ThumbnailSlot } from './thumbnail';
import { VisionThumb } from './vision-thumb';

interface Cabinet {
  area: 'learn' | 'arena' | 'vision';
  title: string;
  pitch: string;
  /** What the screen shows, said plainly (it is a demo, not the area's models). */
  screen: string;
  tryFirst: Array<[string, string]>;
  start: string;
  make: (slot: ThumbnailSlot) => Promise<Thumbnail>;
}

const CABINETS: Cabinet[] = [
  {
    area: 'learn',
    title: 'Learn',
    pitch: 'The nets of Deep Learning from Scratch, layer by layer, training in your browser.',
    screen: 'Live: a 2-2-1 net learning XOR by backprop',
    tryFirst: [
      ['Train SimpleConvNet on MNIST to 99 %', '#/learn/mnist?net=simple-conv'],
      ['Draw a digit for the shipped nets to read', '#/learn/pad'],
      ['Build XOR from two perceptrons', '#/learn/perceptron?gate=XOR'],
    ],
    start: '#/learn/perceptron',
    make: (slot) => LearnThumb.create(slot),
  },
  {
    area: 'arena',
    title: 'Arena',
    pitch: 'Games and the agents that learn them: DQN and Q-learning, or play them yourself.',
    screen: 'Live: Breakout played by a scripted demo policy',
    tryFirst: [
      ['Watch a DQN agent learn Catch', '#/arena?env=catch&algo=dqn&mode=learn'],
      ['Watch the shipped agent play Breakout', '#/arena?env=breakout&mode=trained'],
      ['Play Snake yourself', '#/arena?env=snake&mode=play'],
    ],
    start: '#/arena',
    make: (slot) => ArenaThumb.create(slot),
  },
  {
    area: 'vision',
    title: 'Vision',
    pitch: 'Find and read digits in pictures: detection and segmentation, trained here.',
    screen: 'Live: generated scenes and their ground truth',
    tryFirst: [
      ['Point your webcam at handwritten digits', '#/vision'],
      ['No camera? Pick "Draw digits" and write a few', '#/vision'],
    ],
    start: '#/vision',
    make: (slot) => VisionThumb.create(slot),
  },
];

/** The screens' size: the cabinet's width up to this, and a 4:3-ish height. */
const MAX_SCREEN_WIDTH = 340;
const SCREEN_ASPECT = 0.66;

export class HomePage {
  readonly element = el('section', { class: 'ga-home', 'data-screens': '0' });
  private readonly thumbs: Thumbnail[] = [];
  private left = false;

  /** Builds the page into `parent` and starts the screens. */
  async mount(parent: HTMLElement): Promise<void> {
    parent.replaceChildren(this.element);
    const slots = CABINETS.map((c) => this.cabinet(c));
    this.element.append(
      el(
        'div',
        { class: 'ga-home-marquee' },
        el('p', { class: 'ga-home-kicker' }, 'No install · runs in this tab'),
        el('h2', { class: 'ga-home-title' }, 'Watch neural networks learn'),
        el(
          'p',
          { class: 'ga-home-tagline' },
          'Every layer written by hand, after Koki Saito’s book: train the nets, send agents into games, point a detector at your digits. Pick a cabinet.',
        ),
      ),
      el('div', { class: 'ga-home-cabinets' }, ...slots.map((s) => s.article)),
    );
    await Promise.all(slots.map((s) => this.startScreen(s.slot, s.make)));
  }

  /** Stops every screen and destroys their components (those still being made, when made). */
  leave(): void {
    this.left = true;
    for (const t of this.thumbs.splice(0)) t.destroy();
    this.element.remove();
  }

  private cabinet(c: Cabinet): {
    article: HTMLElement;
    slot: Omit<ThumbnailSlot, 'width' | 'height'>;
    make: Cabinet['make'];
  } {
    const host = el('div', { class: 'ga-cabinet-picture' });
    const readout = el('p', { class: 'ga-cabinet-readout', 'aria-live': 'off' }, '…');
    const article = el(
      'article',
      { class: `ga-cabinet ga-cabinet-${c.area}`, 'data-area': c.area },
      el('h3', { class: 'ga-cabinet-title' }, el('a', { href: c.start }, c.title)),
      el(
        'div',
        { class: 'ga-cabinet-screen' },
        host,
        readout,
        el('p', { class: 'ga-cabinet-caption' }, c.screen),
      ),
      // The control panel under the screen, as on a cabinet.
      el(
        'a',
        { class: 'ga-press-start', href: c.start, 'aria-label': `Press start: open ${c.title}` },
        el('span', { 'aria-hidden': 'true' }, '▶ '),
        'PRESS START',
      ),
      el('p', { class: 'ga-cabinet-pitch' }, c.pitch),
      el('h4', { class: 'ga-cabinet-try-head' }, 'Try first'),
      el(
        'ul',
        { class: 'ga-cabinet-try' },
        ...c.tryFirst.map(([text, href]) => el('li', {}, el('a', { href }, text))),
      ),
    );
    return { article, slot: { host, readout }, make: c.make };
  }

  private async startScreen(
    place: Omit<ThumbnailSlot, 'width' | 'height'>,
    make: Cabinet['make'],
  ): Promise<void> {
    const width = Math.max(200, Math.min(MAX_SCREEN_WIDTH, Math.floor(place.host.clientWidth)));
    const slot: ThumbnailSlot = { ...place, width, height: Math.round(width * SCREEN_ASPECT) };
    let thumb: Thumbnail;
    try {
      thumb = await make(slot);
    } catch (err) {
      place.readout.textContent = `This screen could not start: ${(err as Error).message}`;
      place.readout.classList.add('error');
      return;
    }
    if (this.left) {
      thumb.destroy();
      return;
    }
    this.thumbs.push(thumb);
    this.element.dataset.screens = String(this.thumbs.length);
  }
}
