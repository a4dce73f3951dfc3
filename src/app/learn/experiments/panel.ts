/** What the Experiments page holds of each of its panels. */
export interface ExperimentPanel {
  readonly element: HTMLElement;
  /** Stops the panel's long experiment, if one runs (leaving the page); else nothing. */
  stop(): void;
  destroy(): void;
}
