/**
 * The app: Home (the empty hash, `#/` or `#/home`) and three areas (Learn, Arena, Vision).
 * Learn holds the book's labs; the Arena the RL games and agents; Vision the webcam detection
 * and segmentation demos and their training. Training runs in workers: this thread only draws.
 */
import './style.css';
import type { BackendChoice } from '../nn/backend';
import { createThemeToggle, restoreThemeChoice } from '../ui/theme-toggle';
import { startAgentWorker } from './arena/agent-client';
import { AgentSession } from './arena/agent-session';
import { ArenaPage } from './arena/arena-page';
import { onBackendNews } from './backend-news';
import { el } from './dom';
import { HomePage } from './home/home-page';
import { ActivationLab } from './learn/activation-lab';
import { DigitPadLab } from './learn/digit-pad-lab';
import { ExperimentsLab } from './learn/experiments/experiments-page';
import { MnistLab } from './learn/mnist-lab';
import { PerceptronLab } from './learn/perceptron-lab';
import { startTrainerWorker, type TrainerHandle } from './trainer-client';
import { backendFromUrl } from './url-options';
import { enterRoute, parseHash } from './url-state';
import { VisionArea } from './vision/vision-area';
import { showWorkerFailure } from './worker-failure';

type Area = 'learn' | 'arena' | 'vision';
type LabName = 'perceptron' | 'activations' | 'mnist' | 'pad' | 'experiments';

const AREAS: Record<Area, string> = { learn: 'Learn', arena: 'Arena', vision: 'Vision' };
const LABS: Record<LabName, string> = {
  perceptron: 'Perceptron',
  activations: 'Activations',
  mnist: 'MNIST lab',
  pad: 'Digit pad',
  experiments: 'Experiments',
};

interface Lab {
  readonly element: HTMLElement;
  mount(parent: HTMLElement): Promise<void>;
  /** A later link into the lab with settings (the lab reads its URL once, when made). */
  follow?(link: URLSearchParams): void;
}

class App {
  private readonly root = document.querySelector<HTMLDivElement>('#app')!;
  private readonly nav = el('nav', { 'aria-label': 'areas' });
  private readonly labNav = el('nav', { class: 'subnav', 'aria-label': 'labs' });
  /** Hidden until a page starts a worker (Home starts none). */
  private readonly backendChip = el(
    'span',
    { class: 'chip', 'data-backend': '', hidden: '' },
    'starting the worker…',
  );
  private readonly main = el('main');
  private readonly learnBox = el('div', { class: 'learn' });
  private readonly labs = new Map<LabName, { lab: Lab; mounted: Promise<void> }>();
  private workers: { lab: TrainerHandle; pad: TrainerHandle } | null = null;
  private backend: Promise<BackendChoice> | null = null;
  /** The pad worker's own backend start: calls to that worker must wait for it. */
  private padBackend: Promise<BackendChoice> | null = null;
  /** The Arena page and its agent worker, made on the first visit and kept. */
  private arena: ArenaPage | null = null;
  private readonly arenaBox = el('div', { class: 'arena-box' });
  /** The Vision area; its studios and their workers are made on first visits and kept. */
  private readonly vision = new VisionArea();
  /** Home, made on each visit and destroyed on leaving (its screens stop with it). */
  private home: HomePage | null = null;

  start(): void {
    this.root.append(
      el(
        'header',
        {},
        el(
          'h1',
          {},
          el('a', { href: '#/', class: 'ga-home-link' }, 'Gradient ', el('span', {}, 'Arcade')),
        ),
        this.nav,
        this.backendChip,
        createThemeToggle(),
      ),
      this.main,
    );
    window.addEventListener('hashchange', () => this.route());
    onBackendNews((choice) => this.showBackend(Promise.resolve(choice)));
    this.route();
  }

  /** Both trainer workers, started once on first use of the Learn area. */
  private ensureWorkers(): { lab: TrainerHandle; pad: TrainerHandle } {
    if (!this.workers) {
      const request = backendFromUrl();
      this.workers = { lab: startTrainerWorker(), pad: startTrainerWorker() };
      for (const handle of Object.values(this.workers))
        handle.onFailure((error) =>
          showWorkerFailure(this.learnBox, error, {
            what: 'the trainer worker',
            kept: 'Models saved in this browser are kept; the restart reloads the page.',
            restart: () => location.reload(),
          }),
        );
      this.backend = this.workers.lab.api.init(request);
      this.showBackend(this.backend);
      // The pad's worker makes the same choice; small nets are quick on any backend.
      this.padBackend = this.workers.pad.api.init(request);
    }
    return this.workers;
  }

  /** The header chip: the backend a worker chose, with the reason as its tooltip. */
  private showBackend(choice: Promise<BackendChoice>): void {
    this.backendChip.hidden = false;
    choice.then(
      (c) => {
        this.backendChip.textContent = `${c.backend}${c.forced ? ' (forced)' : ''}`;
        this.backendChip.title = c.reason;
        this.backendChip.dataset.backend = c.backend;
      },
      (e: unknown) => {
        this.backendChip.textContent = `no backend: ${(e as Error).message}`;
      },
    );
  }

  /** The Arena, with its own agent worker (started on the first visit). */
  private showArena(link: URLSearchParams): void {
    if (!this.arena) {
      const handle = startAgentWorker();
      const backend = handle.api.init(backendFromUrl());
      if (!this.backend) this.showBackend(backend);
      const session = new AgentSession(handle, backend);
      this.watchAgentWorker(session);
      this.arena = new ArenaPage(session);
      this.main.replaceChildren(this.arenaBox);
      void this.arena.mount(this.arenaBox);
    } else {
      if (this.main.firstChild !== this.arenaBox) this.main.replaceChildren(this.arenaBox);
      this.arena.follow(link);
    }
  }

  /** A dying agent worker gets a banner and a restart in place (the trained agent is kept). */
  private watchAgentWorker(session: AgentSession): void {
    session.handle.onFailure((error) =>
      showWorkerFailure(this.arenaBox, error, {
        what: 'the agent worker',
        kept: 'The agent trained or loaded last and the agents saved in this browser are kept.',
        restart: async () => {
          const handle = startAgentWorker();
          const backend = handle.api.init(backendFromUrl());
          session.restart(handle, backend);
          this.watchAgentWorker(session);
          await backend;
        },
      }),
    );
  }

  private route(): void {
    const { path, params: link } = parseHash(location.hash);
    const [areaPart = '', labPart = ''] = path;
    const isHome = areaPart === '' || areaPart === 'home';
    const area: Area | 'home' = isHome ? 'home' : areaPart in AREAS ? (areaPart as Area) : 'learn';
    if (area !== 'vision') this.vision.leave();
    if (area !== 'home') {
      this.home?.leave();
      this.home = null;
    }
    this.nav.replaceChildren(
      ...(Object.keys(AREAS) as Area[]).map((a) =>
        el('a', { href: `#${a}`, ...(a === area ? { 'aria-current': 'page' } : {}) }, AREAS[a]),
      ),
    );
    if (area === 'home') {
      enterRoute('home');
      if (!this.home) {
        this.home = new HomePage();
        void this.home.mount(this.main);
      }
    } else if (area === 'learn') {
      const lab: LabName = labPart in LABS ? (labPart as LabName) : 'mnist';
      enterRoute(`learn/${lab}`);
      this.showLearn(lab, link);
    } else if (area === 'arena') {
      enterRoute('arena');
      this.showArena(link);
    } else {
      void this.vision.show(this.main, labPart, (choice) => {
        if (!this.backend) this.showBackend(choice);
      });
    }
  }

  private showLearn(active: LabName, link: URLSearchParams): void {
    const workers = this.ensureWorkers();
    if (this.main.firstChild !== this.learnBox)
      this.main.replaceChildren(this.labNav, this.learnBox);
    this.labNav.replaceChildren(
      ...(Object.keys(LABS) as LabName[]).map((l) =>
        el(
          'a',
          { href: `#learn/${l}`, ...(l === active ? { 'aria-current': 'page' } : {}) },
          LABS[l],
        ),
      ),
    );
    const made = this.labs.get(active);
    if (!made) {
      const lab = this.createLab(active, workers);
      const holder = el('div', { class: 'lab-holder', 'data-lab': active });
      this.learnBox.append(holder);
      this.labs.set(active, { lab, mounted: lab.mount(holder) });
    } else if (link.size > 0 && made.lab.follow) {
      const { lab } = made;
      void made.mounted.then(() => lab.follow?.(link));
    }
    for (const holder of Array.from(this.learnBox.children) as HTMLElement[]) {
      holder.hidden = holder.dataset.lab !== active;
    }
  }

  private createLab(name: LabName, workers: { lab: TrainerHandle; pad: TrainerHandle }): Lab {
    const backend = this.backend!;
    switch (name) {
      case 'perceptron':
        return new PerceptronLab();
      case 'activations':
        return new ActivationLab();
      case 'mnist':
        return new MnistLab({ trainer: workers.lab, backend });
      case 'pad':
        return new DigitPadLab({
          worker: workers.pad,
          backend: this.padBackend!,
          labWorker: workers.lab,
        });
      case 'experiments': {
        // Experiments get a worker of their own: their long runs must not hold up the pad
        // or the MNIST lab, and conv-filters loads a net of its own.
        const trainer = startTrainerWorker();
        return new ExperimentsLab({ trainer, backend: trainer.api.init(backendFromUrl()) });
      }
    }
  }
}

restoreThemeChoice();
new App().start();
