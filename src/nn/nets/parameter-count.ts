/** Number of trainable values in a net's named parameters (what summaries and files report). */
export function countParameters(params: ReadonlyMap<string, { size: number }>): number {
  let n = 0;
  for (const p of params.values()) n += p.size;
  return n;
}
