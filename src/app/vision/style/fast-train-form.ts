/**
 * The live mode's training form: the style (a shipped one, or a picture of one's own), where
 * the weights start, the crop side, steps, batch, learning rate and the loss's weights, each
 * number checked where it is typed; `read()` gives the worker's settings or says which field
 * is wrong.
 */
import { el, field, numberInput, select } from '../../dom';
import { checkField } from '../../field-rules';
import {
  CROP_SIDES,
  defaultTrainValues,
  type ReadTrain,
  readTrainSettings,
  START_LABELS,
  TRAIN_RULES,
  type TrainFormValues,
  type TrainNumberField,
  type TrainStart,
  UPLOADED_STYLE,
} from './fast-train-settings';

const HINTS: Record<TrainNumberField, string> = {
  steps: 'Adam steps on the net’s weights',
  batch: 'Content crops a step',
  lr: 'Adam’s learning rate',
  contentWeight: 'How much the layout of the frame counts',
  styleWeight: 'How much the style’s textures count',
  tvWeight: 'Total variation: smoothness against speckle',
};

export class TrainForm {
  readonly element: HTMLElement;
  readonly styleSelect: HTMLSelectElement;
  private readonly start: HTMLSelectElement;
  private readonly side: HTMLSelectElement;
  private readonly numbers: Record<TrainNumberField, HTMLInputElement>;

  constructor(private readonly styles: readonly string[]) {
    const d = defaultTrainValues(styles[0] ?? UPLOADED_STYLE);
    this.styleSelect = select(
      'train-style',
      [...styles.map((s): [string, string] => [s, s]), [UPLOADED_STYLE, 'A picture of my own…']],
      d.style,
    );
    this.start = select(
      'train-start',
      (Object.keys(START_LABELS) as TrainStart[]).map((k) => [k, START_LABELS[k]]),
      d.start,
    );
    this.side = select(
      'train-side',
      CROP_SIDES.map((s) => [String(s), `${s} x ${s}`]),
      d.side,
    );
    const num = (name: TrainNumberField, step: string) =>
      numberInput(`train-${name}`, Number(d[name]), {
        step,
        min: String(TRAIN_RULES[name].min),
        max: String(TRAIN_RULES[name].max),
      });
    this.numbers = {
      steps: num('steps', '1'),
      batch: num('batch', '1'),
      lr: num('lr', 'any'),
      contentWeight: num('contentWeight', 'any'),
      styleWeight: num('styleWeight', 'any'),
      tvWeight: num('tvWeight', 'any'),
    };
    const numberField = (name: TrainNumberField) => {
      const f = field(TRAIN_RULES[name].label, this.numbers[name], HINTS[name]);
      checkField(this.numbers[name], TRAIN_RULES[name]);
      return f;
    };
    this.element = el(
      'div',
      { class: 'form-grid style-fast-train-settings' },
      field('Style', this.styleSelect, 'What the new net learns to paint like'),
      field('Start from', this.start, 'Fresh weights, or the net the live view uses now'),
      field('Crop side', this.side, 'Side of the square crops it learns on'),
      numberField('steps'),
      numberField('batch'),
      numberField('lr'),
      numberField('contentWeight'),
      numberField('styleWeight'),
      numberField('tvWeight'),
    );
  }

  values(): TrainFormValues {
    const n = this.numbers;
    return {
      style: this.styleSelect.value,
      start: this.start.value,
      side: this.side.value,
      steps: n.steps.value,
      batch: n.batch.value,
      lr: n.lr.value,
      contentWeight: n.contentWeight.value,
      styleWeight: n.styleWeight.value,
      tvWeight: n.tvWeight.value,
    };
  }

  /** The settings, or the message of the first wrong field (which gets the focus). */
  read(): ReadTrain {
    const r = readTrainSettings(this.values(), this.styles);
    if (!r.ok) (this.numbers[r.field as TrainNumberField] ?? null)?.focus();
    return r;
  }

  /** Greys the form out while a run goes (its settings are fixed at the start). */
  setDisabled(disabled: boolean): void {
    for (const e of [this.styleSelect, this.start, this.side, ...Object.values(this.numbers)])
      e.disabled = disabled;
  }
}
