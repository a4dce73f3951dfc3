/**
 * The studio's controls: which model (a shipped one, or a new DCGAN or conditional DCGAN to
 * train), the training settings, each checked where it is typed, and Start / Pause-Resume /
 * Stop. It only says what the user asked for; the studio does it.
 */
import { button, el, field, numberInput, select, wideField } from '../../dom';
import { checkField } from '../../field-rules';
import {
  GAN_CHOICES,
  GAN_DEFAULTS,
  GAN_RULES,
  type GanChoice,
  type GanFormValues,
  hasFixedShape,
  LOADED_LABEL,
  learningRateFor,
} from './gan-settings';

export type RunState = 'idle' | 'loading' | 'running' | 'paused';

const NAMES = Object.keys(GAN_DEFAULTS) as Array<keyof GanFormValues>;

const HINTS: Record<keyof GanFormValues, string> = {
  steps: 'Training steps: one discriminator and one generator update each',
  batch: 'Real and generated digits per step, each',
  lr: "Adam's learning rate for both nets (DCGAN's paper: 0.0002, slower to start)",
  beta1: "Adam's β1 (DCGAN: 0.5; 0.9 is often unstable for GANs)",
  seed: 'Seeds the weights of a new model, the batches and the noise',
  latent: 'Length of the noise vector z a new generator draws from (a loaded model keeps its own)',
  scoreEvery: 'Steps between two scores by the digit classifier (500 samples each; 0: no scores)',
};

export class GanControls {
  readonly element = el('section', { class: 'panel gan-controls' });
  readonly model = select('ganModel', GAN_CHOICES, 'shipped-dcgan');
  private readonly fields = {} as Record<keyof GanFormValues, HTMLInputElement>;
  private readonly checks: Array<() => string | null> = [];
  private readonly problem = el('p', { class: 'field-error', role: 'alert', hidden: '' });
  /** The learning rate the last choice put in its field (kept if typed over by hand). */
  private lrShown: number | null = null;
  readonly buttons = {
    start: button('Train', { class: 'primary', 'data-action': 'train-gan' }),
    pause: button('Pause', { 'data-action': 'pause-gan' }),
    stop: button('Stop', { 'data-action': 'stop-gan' }),
  };

  constructor() {
    const labels: Record<keyof GanFormValues, string> = {
      steps: 'Steps',
      batch: 'Batch',
      lr: 'Learning rate',
      beta1: 'β1',
      seed: 'Seed',
      latent: 'Latent size',
      scoreEvery: 'Score every',
    };
    const grid = el('div', { class: 'form-grid' }, wideField(field('Model', this.model)));
    for (const name of NAMES) {
      const rule = GAN_RULES[name];
      const input = numberInput(name, GAN_DEFAULTS[name], {
        min: String(rule.min),
        max: String(rule.max),
        step: rule.integer ? '1' : 'any',
      });
      this.fields[name] = input;
      const label = field(labels[name], input, HINTS[name]);
      grid.append(label);
      this.checks.push(checkField(input, rule));
    }
    this.element.append(
      grid,
      el('div', { class: 'actions' }, this.buttons.start, this.buttons.pause, this.buttons.stop),
      this.problem,
    );
    this.model.addEventListener('change', () => this.showChoice());
    this.showChoice();
    this.setState('idle');
  }

  get choice(): GanChoice {
    return this.model.value as GanChoice;
  }

  /** The settings, or null (the wrong fields marked and said) when one is out of range. */
  values(): GanFormValues | null {
    const problems = this.checks.map((c) => c()).filter((p): p is string => p !== null);
    this.problem.hidden = problems.length === 0;
    this.problem.textContent = problems.length
      ? `Fix the settings first: ${problems.join(' ')}`
      : '';
    if (problems.length > 0) return null;
    const out = {} as GanFormValues;
    for (const name of NAMES) out[name] = Number(this.fields[name].value);
    return out;
  }

  /** Buttons and fields for the run state. */
  setState(state: RunState): void {
    const busy = state !== 'idle';
    this.buttons.start.disabled = busy;
    this.buttons.pause.disabled = state !== 'running' && state !== 'paused';
    this.buttons.stop.disabled = state !== 'running' && state !== 'paused';
    this.buttons.pause.textContent = state === 'paused' ? 'Resume' : 'Pause';
    this.model.disabled = busy;
    for (const name of NAMES) this.fields[name].disabled = busy || this.fixed(name);
    this.element.dataset.state = state;
  }

  /** The start button says whether it trains the model shown further or a new one. */
  setStartLabel(text: string): void {
    this.buttons.start.textContent = text;
  }

  /** The select shows a file loaded from the save panel (as a choice of its own). */
  showLoaded(): void {
    if (!this.model.querySelector('option[value="loaded"]'))
      this.model.append(el('option', { value: 'loaded' }, LOADED_LABEL));
    this.model.value = 'loaded';
    this.showChoice();
  }

  /** A loaded or shipped model keeps its own noise size. */
  private fixed(name: keyof GanFormValues): boolean {
    return name === 'latent' && hasFixedShape(this.choice);
  }

  private showChoice(): void {
    for (const name of NAMES) this.fields[name].disabled = this.fixed(name);
    const lr = this.fields.lr;
    if (this.lrShown === null || Number(lr.value) === this.lrShown) {
      this.lrShown = learningRateFor(this.choice);
      lr.value = String(this.lrShown);
    }
  }
}
