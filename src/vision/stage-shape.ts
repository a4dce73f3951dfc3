/**
 * The checks both vision nets' configs share: a list of stage widths and an input size that
 * the stages' downsampling divides exactly (the engine wants exact tiling, as the book).
 */
export function checkStageShape(
  net: string,
  stageChannels: unknown,
  minStages: number,
  inputSize: unknown,
  divisor: number,
): void {
  const stages = stageChannels as number[];
  if (
    !Array.isArray(stages) ||
    stages.length < minStages ||
    stages.length > 6 ||
    !stages.every((n) => Number.isInteger(n) && n >= 1 && n <= 512)
  )
    throw new Error(`${net}: stageChannels must be ${minStages} to 6 integers in 1..512`);
  const [h, w] = Array.isArray(inputSize) ? inputSize : [];
  const fits = (v: unknown) =>
    Number.isInteger(v) &&
    (v as number) >= divisor &&
    (v as number) <= 2048 &&
    (v as number) % divisor === 0;
  if (!fits(h) || !fits(w))
    throw new Error(
      `${net}: inputSize must be two multiples of ${divisor} up to 2048, got ${JSON.stringify(inputSize)}`,
    );
}
