/**
 * Headless Gradient Arcade: `npm run cli -- <command> [options]`.
 * Wrong arguments print the usage and exit 2; any other failure prints one line and exits 1.
 */
import { evalCommand, evalUsage } from './commands/eval';
import { experiment, experimentUsage } from './commands/experiment';
import { gradcheck, gradcheckUsage } from './commands/gradcheck';
import { rl, rlUsage } from './commands/rl';
import { sweep, sweepUsage } from './commands/sweep';
import { train, trainUsage } from './commands/train';
import { vision, visionUsage } from './commands/vision';
import { UsageError } from './errors';

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<void>; usage: string }> = {
  gradcheck: { run: gradcheck, usage: gradcheckUsage },
  train: { run: train, usage: trainUsage },
  eval: { run: evalCommand, usage: evalUsage },
  experiment: { run: experiment, usage: experimentUsage },
  rl: { run: rl, usage: rlUsage },
  vision: { run: vision, usage: visionUsage },
  sweep: { run: sweep, usage: sweepUsage },
};

function usage(): string {
  return `usage: npm run cli -- <command> [options]\n\n${Object.values(COMMANDS)
    .map((c) => `  ${c.usage}`)
    .join('\n\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(
      `${name ? `unknown command "${name}"` : 'no command given'}\n\n${usage()}`,
    );
    return 2;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (e) {
    const err = e as Error & { code?: string };
    // node:util parseArgs reports unknown options and missing values with these codes.
    if (e instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`error: ${err.message}\n\nusage: npm run cli -- ${command.usage}\n`);
      return 2;
    }
    process.stderr.write(`error: ${err.message.split('\n')[0]}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
