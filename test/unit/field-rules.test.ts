import { describe, expect, it } from 'vitest';
import { numberProblem } from '../../src/app/field-rules';

const lr = { label: 'Learning rate', min: 0, max: 10, minExclusive: true };
const batch = { label: 'Batch', min: 1, max: 1000, integer: true };

describe('numberProblem', () => {
  it('accepts values in range', () => {
    expect(numberProblem('0.1', lr)).toBeNull();
    expect(numberProblem('10', lr)).toBeNull();
    expect(numberProblem('1', batch)).toBeNull();
    expect(numberProblem('1000', batch)).toBeNull();
  });

  it('says what a wrong value should be, in words', () => {
    expect(numberProblem('-0.1', lr)).toBe(
      'Learning rate -0.1 is out of range: use a number more than 0 to 10.',
    );
    expect(numberProblem('0', lr)).toMatch(/out of range/);
    expect(numberProblem('', batch)).toBe('Batch is empty: enter a whole number from 1 to 1,000.');
    expect(numberProblem('2.5', batch)).toBe('Batch must be a whole number from 1 to 1,000.');
    expect(numberProblem('1001', batch)).toMatch(/out of range/);
    expect(numberProblem('abc', lr)).toBe('Learning rate must be a number more than 0 to 10.');
  });
});
