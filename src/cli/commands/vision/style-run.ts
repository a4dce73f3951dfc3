/**
 * `vision style run`: Gatys-style transfer: optimises a picture so that it keeps the content
 * image's layout in the style image's textures, with a feature net of random filters or one
 * trained here, and writes it as a PNG (also when Ctrl-C stops the run).
 */
import cliProgress from 'cli-progress';
import { encodeRgbPng, type RgbImage } from '../../../data/png';
import { chooseBackend } from '../../../nn/backend';
import { RunControl } from '../../../nn/run-control';
import { contentScene, MAX_SCENE_INDEX } from '../../../vision/style/content-scenes';
import { GATYS_DEFAULTS, type GatysLosses, runGatys } from '../../../vision/style/gatys';
import { fitSize, floatsToImage, resizedTensor } from '../../../vision/style/style-image';
import { STYLE_NAMES } from '../../../vision/style/styles';
import { UsageError } from '../../errors';
import { type FlagTable, flagUsage, MAX_SEED, parseCommandArgs, parseFlags } from '../../flags';
import { checkOutputs, saveFile, stopOnCtrlC } from '../../interrupt';
import { backendOption } from '../../options';
import {
  checkStyleOption,
  featureNetOption,
  loadFeatureNet,
  readPng,
  styleImage,
} from './style-common';

const WEIGHT_MAX = 1e6;

export const STYLE_RUN_FLAGS: FlagTable = [
  {
    name: 'size',
    integer: true,
    min: 16,
    max: 1024,
    fallback: '256',
    meaning: 'longer side of the picture worked on (sides rounded to multiples of 8)',
  },
  {
    name: 'steps',
    integer: true,
    min: 1,
    max: 100_000,
    fallback: String(GATYS_DEFAULTS.steps),
    meaning: 'Adam steps',
  },
  {
    name: 'content-weight',
    integer: false,
    min: 0,
    max: WEIGHT_MAX,
    fallback: String(GATYS_DEFAULTS.contentWeight),
    meaning: 'weight of the content loss',
  },
  {
    name: 'style-weight',
    integer: false,
    min: 0,
    max: WEIGHT_MAX,
    fallback: String(GATYS_DEFAULTS.styleWeight),
    meaning: 'weight of the style loss',
  },
  {
    name: 'tv-weight',
    integer: false,
    min: 0,
    max: WEIGHT_MAX,
    fallback: String(GATYS_DEFAULTS.tvWeight),
    meaning: 'weight of total variation',
  },
  {
    name: 'lr',
    integer: false,
    min: 0,
    minExclusive: true,
    max: 1,
    fallback: String(GATYS_DEFAULTS.lr),
    meaning: "Adam's learning rate, in pixel units",
  },
  {
    name: 'scales',
    integer: true,
    min: 1,
    max: 2,
    fallback: String(GATYS_DEFAULTS.scales),
    meaning: '2: the first 60% of the steps at half size',
  },
  {
    name: 'content-scene',
    integer: true,
    min: 0,
    max: MAX_SCENE_INDEX,
    meaning: 'content: our generated landscape number N',
  },
  {
    name: 'seed',
    integer: true,
    min: 0,
    max: MAX_SEED,
    fallback: '0',
    meaning: 'seed of the random filters and the noise start',
  },
];

export const styleRunUsage = `vision style run --content PNG|--content-scene N --style NAME|PNG --out OUT.png [options]
${flagUsage(STYLE_RUN_FLAGS, '      ')}
      --features random|trained (random)   --init content|noise (content)   --backend wasm|cpu|auto
    Paints the content picture in the style's textures (Gatys et al.): optimises its pixels
    with Adam so that a feature net's features match the content's and their Gram matrices
    match the style's, plus total variation. --style is a shipped style (${STYLE_NAMES.join(', ')})
    or a PNG. --features random: multi-scale random filters; trained: the shipped MNIST
    DeepConvNet's convolutions, per colour channel. Ctrl-C stops after the current step and
    still writes the picture. Ends with one JSON line: losses and seconds.`;

const OPTIONS = {
  content: { type: 'string' },
  'content-scene': { type: 'string' },
  style: { type: 'string' },
  features: { type: 'string' },
  init: { type: 'string' },
  size: { type: 'string' },
  steps: { type: 'string' },
  'content-weight': { type: 'string' },
  'style-weight': { type: 'string' },
  'tv-weight': { type: 'string' },
  lr: { type: 'string' },
  scales: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  backend: { type: 'string' },
} as const;

/** Everything `vision style run` needs from its arguments, checked; nothing read or written. */
export function parseStyleRunArgs(argv: readonly string[]) {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const flags = parseFlags(STYLE_RUN_FLAGS, values);
  const scene = flags['content-scene'];
  if ((values.content === undefined) === (scene === undefined))
    throw new UsageError('give the content as --content PNG or --content-scene N (one of them)');
  if (values.style === undefined) throw new UsageError('--style NAME|PNG is required');
  checkStyleOption(values.style);
  if (values.out === undefined) throw new UsageError('--out OUT.png is required');
  if (values.init !== undefined && values.init !== 'content' && values.init !== 'noise')
    throw new UsageError(`--init must be content or noise, got "${values.init}"`);
  return {
    content: values.content,
    scene,
    style: values.style,
    features: featureNetOption(values.features),
    init: (values.init ?? 'content') as 'content' | 'noise',
    size: flags.size ?? 256,
    steps: flags.steps ?? GATYS_DEFAULTS.steps,
    contentWeight: flags['content-weight'] ?? GATYS_DEFAULTS.contentWeight,
    styleWeight: flags['style-weight'] ?? GATYS_DEFAULTS.styleWeight,
    tvWeight: flags['tv-weight'] ?? GATYS_DEFAULTS.tvWeight,
    lr: flags.lr ?? GATYS_DEFAULTS.lr,
    scales: (flags.scales ?? GATYS_DEFAULTS.scales) as 1 | 2,
    seed: flags.seed ?? 0,
    out: values.out,
    backend: backendOption(values.backend),
  };
}

const round = (x: number) => Number(x.toPrecision(4));
const roundLosses = (l: GatysLosses) => ({
  contentLoss: round(l.content),
  styleLoss: round(l.style),
  tvLoss: round(l.tv),
  totalLoss: round(l.total),
});

export async function styleRun(argv: string[]): Promise<void> {
  const args = parseStyleRunArgs(argv);
  await checkOutputs([args.out]);
  const backend = await chooseBackend({ request: args.backend });
  console.error(`backend: ${backend.backend} (${backend.reason})`);
  const source: RgbImage =
    args.content !== undefined
      ? await readPng(args.content)
      : contentScene(args.scene ?? 0, args.size);
  const { width, height } = fitSize(source.width, source.height, args.size);
  const style = await styleImage(args.style, Math.max(width, height));
  const net = await loadFeatureNet(args.features, args.seed);
  const contentT = resizedTensor(source, width, height);
  // A style PNG is brought to the working size too, so its strokes keep their scale to the picture.
  const fit = fitSize(style.width, style.height, Math.max(width, height));
  const styleT = resizedTensor(style, fit.width, fit.height);
  const control = new RunControl();
  const undoCtrlC = stopOnCtrlC(control, `the picture so far to ${args.out}`);
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format:
            'style |{bar}| {value}/{total} | {wh} | content {c} style {s} tv {tv} | ETA {eta_formatted}',
          fps: 5,
          etaBuffer: 30,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  console.error(
    `${width}x${height}, ${args.steps} steps, ${net.description}; weights content ${args.contentWeight}, style ${args.styleWeight}, tv ${args.tvWeight}`,
  );
  bar?.start(args.steps, 0, { wh: '-', c: '-', s: '-', tv: '-' });
  // Without a terminal: a line every tenth of the run, at least every 50 steps.
  const every = Math.min(50, Math.max(1, Math.round(args.steps / 10)));
  const cpuStart = process.cpuUsage();
  try {
    const result = await runGatys(net, contentT, styleT, {
      steps: args.steps,
      lr: args.lr,
      contentWeight: args.contentWeight,
      styleWeight: args.styleWeight,
      tvWeight: args.tvWeight,
      init: args.init,
      seed: args.seed,
      scales: args.scales,
      control,
      onStep: (s) => {
        const fields = {
          wh: `${s.width}x${s.height}`,
          c: s.content.toFixed(4),
          s: s.style.toFixed(4),
          tv: s.tv.toFixed(4),
        };
        bar?.update(s.step, fields);
        if (!bar && (s.step % every === 0 || s.step === s.steps))
          console.error(
            `step ${s.step}/${s.steps} at ${fields.wh}: content ${fields.c}, style ${fields.s}, tv ${fields.tv}, ${s.seconds.toFixed(1)} s`,
          );
      },
    });
    bar?.stop();
    const cpu = process.cpuUsage(cpuStart);
    await saveFile(
      args.out,
      encodeRgbPng(floatsToImage(result.image, result.width, result.height)),
    );
    if (result.reason === 'diverged')
      throw new Error(
        `the losses became non-finite at step ${result.steps}; the last picture is in ${args.out}`,
      );
    console.log(
      JSON.stringify({
        content: args.content ?? `scene ${args.scene}`,
        style: args.style,
        features: args.features,
        width,
        height,
        steps: result.steps,
        reason: result.reason,
        ...(result.last ? roundLosses(result.last) : {}),
        weights: { content: args.contentWeight, style: args.styleWeight, tv: args.tvWeight },
        seconds: Number(result.seconds.toFixed(1)),
        cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
        backend: backend.backend,
        out: args.out,
      }),
    );
  } finally {
    bar?.stop();
    undoCtrlC();
    contentT.dispose();
    styleT.dispose();
    net.dispose();
  }
}
