/**
 * Ctrl-C and files for the long commands. The first Ctrl-C stops the run's RunControl at its
 * next step boundary, and the command still reports and writes what it has; the next Ctrl-C
 * quits, but never in the middle of writing a file: a save in progress finishes (or fails
 * cleanly) first. Every file goes through `saveFile` (temporary sibling, flush, rename), so a
 * killed process leaves the old file or the new one, never half of one.
 */
import { checkWritable, writeFileAtomic } from '../data/node-files';
import type { RunControl } from '../nn/run-control';

/** Exit status of a process ended by SIGINT, as shells report it. */
const SIGINT_EXIT = 130;

/** Set while a SIGINT is being handled as a first Ctrl-C (cleared after the emit). */
let takenAsStop = false;
/** A second Ctrl-C came during a save: quit once the saves in progress are done. */
let quitAfterSaves = false;
const saving = new Set<string>();

/**
 * Ctrl-C stops `control` instead of killing the process, once: its listener then goes, and
 * the next Ctrl-C quits (after any save in progress). Returns the undo, to call when the
 * run's results are reported and saved.
 */
export function stopOnCtrlC(control: RunControl, keeping: string): () => void {
  const onSigint = () => {
    takenAsStop = true;
    setImmediate(() => {
      takenAsStop = false;
    });
    console.error(`\nstopping: writing ${keeping} (Ctrl-C again to quit at once)`);
    process.off('SIGINT', onSigint);
    control.stop();
  };
  process.on('SIGINT', onSigint);
  return () => process.off('SIGINT', onSigint);
}

/** While a save runs, a Ctrl-C that no stop listener took quits after the save. */
function guardSave(): void {
  // Decided after every listener of this signal has run, whichever order they run in.
  queueMicrotask(() => {
    if (takenAsStop || quitAfterSaves) return;
    quitAfterSaves = true;
    console.error(`\nquitting once ${[...saving].join(', ')} is written`);
  });
}

/** Writes `data` to `path` atomically; a Ctrl-C during the write waits for it. */
export async function saveFile(path: string, data: Uint8Array | string): Promise<void> {
  saving.add(path);
  process.on('SIGINT', guardSave);
  try {
    await writeFileAtomic(path, data);
  } finally {
    saving.delete(path);
    process.off('SIGINT', guardSave);
    if (quitAfterSaves && saving.size === 0) {
      quitAfterSaves = false;
      process.exit(SIGINT_EXIT);
    }
  }
}

/**
 * Checks before any work that each output path can be written (its folder exists and takes
 * a new file, and it is not a folder itself), so a long run cannot end in "cannot write".
 */
export async function checkOutputs(paths: ReadonlyArray<string | undefined>): Promise<void> {
  for (const path of paths) if (path !== undefined) await checkWritable(path);
}
