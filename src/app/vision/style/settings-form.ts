/**
 * The style studio's settings form: the feature net, the size, the steps and the weights,
 * each number checked where it is typed; `read()` gives the worker's settings or says which
 * field is wrong.
 */
import type { FeatureNetName, StyleRunSettings } from '../../../../workers/style-api';
import { el, field, numberInput, select, wideField } from '../../dom';
import { checkField } from '../../field-rules';
import {
  defaultValues,
  FEATURE_LABELS,
  type NumberField,
  RULES,
  readSettings,
  SIZES,
  type StyleFormValues,
} from './style-settings';

export class SettingsForm {
  readonly element: HTMLElement;
  private readonly features: HTMLSelectElement;
  private readonly size: HTMLSelectElement;
  private readonly numbers: Record<NumberField, HTMLInputElement>;
  private readonly coarse: HTMLInputElement;

  constructor() {
    const d = defaultValues();
    this.features = select(
      'features',
      (Object.keys(FEATURE_LABELS) as FeatureNetName[]).map((k) => [k, FEATURE_LABELS[k]]),
      d.features,
    );
    this.size = select(
      'size',
      SIZES.map((s) => [String(s), `${s} x ${s}`]),
      d.size,
    );
    const num = (name: NumberField, step: string) =>
      numberInput(name, Number(d[name]), {
        step,
        min: String(RULES[name].min),
        max: String(RULES[name].max),
      });
    this.numbers = {
      steps: num('steps', '1'),
      contentWeight: num('contentWeight', 'any'),
      styleWeight: num('styleWeight', 'any'),
      tvWeight: num('tvWeight', 'any'),
      lr: num('lr', 'any'),
    };
    this.coarse = el('input', { type: 'checkbox', name: 'coarse' });
    this.coarse.checked = d.coarse;
    const numberField = (name: NumberField, hint: string) => {
      const f = field(RULES[name].label, this.numbers[name], hint);
      checkField(this.numbers[name], RULES[name]);
      return f;
    };
    this.element = el(
      'div',
      { class: 'form-grid style-settings' },
      wideField(
        field(
          'Feature net',
          this.features,
          'What measures content and style: random filters at four scales, or the convolutions of the DeepConvNet trained here on MNIST',
        ),
      ),
      field('Size', this.size, 'Longer side of the picture worked on'),
      numberField('steps', 'Adam steps on the pixels'),
      numberField('contentWeight', 'How much the layout of the content counts'),
      numberField('styleWeight', 'How much the style’s textures count'),
      numberField('tvWeight', 'Total variation: smoothness against speckle'),
      numberField('lr', 'Adam’s step in pixel units (pixels are 0..1)'),
      el(
        'label',
        {
          class: 'field style-coarse',
          title: 'The first 60 % of the steps at half size: large shapes settle faster',
        },
        el('span', { class: 'field-label' }, 'Coarse pass first'),
        this.coarse,
      ),
    );
  }

  /** The chosen feature net. */
  get featureNet(): FeatureNetName {
    return this.features.value as FeatureNetName;
  }

  values(): StyleFormValues {
    const n = this.numbers;
    return {
      features: this.features.value,
      size: this.size.value,
      steps: n.steps.value,
      contentWeight: n.contentWeight.value,
      styleWeight: n.styleWeight.value,
      tvWeight: n.tvWeight.value,
      lr: n.lr.value,
      coarse: this.coarse.checked,
    };
  }

  /** The settings, or the message of the first wrong field (which gets the focus). */
  read(): { settings: StyleRunSettings } | { error: string } {
    const r = readSettings(this.values());
    if (r.ok) return { settings: r.settings };
    const input = r.field in this.numbers ? this.numbers[r.field as NumberField] : null;
    input?.focus();
    return { error: r.message };
  }

  /** Greys the form out while a run goes (its settings are fixed at the start). */
  setDisabled(disabled: boolean): void {
    for (const e of [this.features, this.size, this.coarse, ...Object.values(this.numbers)])
      e.disabled = disabled;
  }
}
