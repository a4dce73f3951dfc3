/**
 * Number fields checked where they are typed: each field has a rule, a wrong value marks the
 * field and says beside it, in words, what it takes; a form with a wrong field does not run.
 */

export interface NumberRule {
  /** What the user calls the field, for messages ("Learning rate"). */
  label: string;
  min: number;
  max: number;
  /** True when min itself is not allowed (a learning rate of 0 learns nothing). */
  minExclusive?: boolean;
  integer?: boolean;
}

/** What is wrong with `text` as a value of the field, in a sentence; null when it is fine. */
export function numberProblem(text: string, rule: NumberRule): string | null {
  const range = `${rule.minExclusive ? `more than ${rule.min}` : `from ${rule.min}`} to ${rule.max.toLocaleString('en')}`;
  const what = rule.integer ? 'a whole number' : 'a number';
  if (text.trim() === '') return `${rule.label} is empty: enter ${what} ${range}.`;
  const value = Number(text);
  if (!Number.isFinite(value)) return `${rule.label} must be ${what} ${range}.`;
  if (rule.integer && !Number.isInteger(value))
    return `${rule.label} must be a whole number ${range}.`;
  const tooLow = rule.minExclusive ? value <= rule.min : value < rule.min;
  if (tooLow || value > rule.max)
    return `${rule.label} ${value} is out of range: use ${what} ${range}.`;
  return null;
}

/**
 * Watch `input` against `rule`: while its value is wrong the field is marked invalid
 * (aria-invalid, the browser's validity) and its message is shown under it.
 */
export function checkField(input: HTMLInputElement, rule: NumberRule): () => string | null {
  const message = document.createElement('span');
  message.className = 'field-error';
  message.setAttribute('role', 'alert');
  message.hidden = true;
  input.after(message);
  const check = () => {
    const problem = input.disabled ? null : numberProblem(input.value, rule);
    input.setCustomValidity(problem ?? '');
    input.toggleAttribute('aria-invalid', problem !== null);
    message.textContent = problem ?? '';
    message.hidden = problem === null;
    return problem;
  };
  input.addEventListener('input', check);
  input.addEventListener('change', check);
  return check;
}
