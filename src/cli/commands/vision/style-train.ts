/**
 * `vision style train`: trains a fast style transformer (Johnson et al.) for one style with
 * the Gatys loss, on crops of content photographs (a folder of PNGs, e.g. the CC0 photographs
 * of scripts/content-photos.sh) and our generated landscapes; writes the net (.gst) and a
 * preview (content pictures above, painted below), also when Ctrl-C stops the run.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { readRegularFile } from '../../../data/node-files';
import { encodeRgbPng, type RgbImage } from '../../../data/png';
import { chooseBackend } from '../../../nn/backend';
import { RunControl } from '../../../nn/run-control';
import { contentScene } from '../../../vision/style/content-scenes';
import { ContentSampler } from '../../../vision/style/fast/content-sampler';
import {
  FAST_STYLE_DEFAULTS,
  type FastStyleLosses,
  trainFastStyle,
} from '../../../vision/style/fast/fast-style-training';
import { StyleTransformer } from '../../../vision/style/fast/style-transformer';
import { DEFAULT_STYLE_TRANSFORMER } from '../../../vision/style/fast/transformer-config';
import {
  loadStyleTransformer,
  saveStyleTransformer,
} from '../../../vision/style/fast/transformer-file';
import { fitSize, resizedTensor } from '../../../vision/style/style-image';
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
import { previewSheet } from './style-preview';

const WEIGHT_MAX = 1e6;
/** At most this many photographs are read from --content. */
const MAX_PHOTOS = 256;

export const STYLE_TRAIN_FLAGS: FlagTable = [
  {
    name: 'steps',
    integer: true,
    min: 1,
    max: 1_000_000,
    fallback: String(FAST_STYLE_DEFAULTS.steps),
    meaning: 'training steps',
  },
  {
    name: 'batch',
    integer: true,
    min: 1,
    max: 64,
    fallback: String(FAST_STYLE_DEFAULTS.batch),
    meaning: 'content crops a step',
  },
  {
    name: 'side',
    integer: true,
    min: 16,
    max: 1024,
    fallback: String(FAST_STYLE_DEFAULTS.side),
    meaning: 'side of the square training crops (a multiple of 8)',
  },
  {
    name: 'style-size',
    integer: true,
    min: 16,
    max: 1024,
    fallback: '256',
    meaning: 'longer side the style picture is drawn or resized to',
  },
  {
    name: 'lr',
    integer: false,
    min: 0,
    minExclusive: true,
    max: 1,
    fallback: String(FAST_STYLE_DEFAULTS.lr),
    meaning: "Adam's learning rate",
  },
  {
    name: 'content-weight',
    integer: false,
    min: 0,
    max: WEIGHT_MAX,
    fallback: String(FAST_STYLE_DEFAULTS.contentWeight),
    meaning: 'weight of the content loss',
  },
  {
    name: 'style-weight',
    integer: false,
    min: 0,
    max: WEIGHT_MAX,
    fallback: String(FAST_STYLE_DEFAULTS.styleWeight),
    meaning: 'weight of the style loss',
  },
  {
    name: 'tv-weight',
    integer: false,
    min: 0,
    max: WEIGHT_MAX,
    fallback: String(FAST_STYLE_DEFAULTS.tvWeight),
    meaning: 'weight of total variation',
  },
  {
    name: 'scene-share',
    integer: false,
    min: 0,
    max: 1,
    fallback: '0.25',
    meaning: 'share of crops from generated landscapes (all when no --content)',
  },
  {
    name: 'preview-every',
    integer: true,
    min: 1,
    max: 1_000_000,
    meaning: 'write the preview every N steps too',
  },
  {
    name: 'seed',
    integer: true,
    min: 0,
    max: MAX_SEED,
    fallback: '0',
    meaning: 'seed of the weights, the crops and the random filters',
  },
];

export const styleTrainUsage = `vision style train --style NAME|PNG --out NET.gst [--content DIR] [--preview PNG] [options]
${flagUsage(STYLE_TRAIN_FLAGS, '      ')}
      --features random|trained (random)   --from NET.gst (go on from a net)   --backend wasm|cpu|auto
    Trains a fast style transformer (Johnson et al.): a net that paints any picture in the
    style in one pass, learnt with the Gatys loss on crops of the PNG photographs in --content
    (see scripts/content-photos.sh for CC0 ones) and our generated landscapes. --style is a
    shipped style (${STYLE_NAMES.join(', ')}) or a PNG. Ctrl-C stops after the current step and
    still writes the net and the preview. Ends with one JSON line: losses and seconds.`;

const OPTIONS = {
  style: { type: 'string' },
  content: { type: 'string' },
  features: { type: 'string' },
  from: { type: 'string' },
  out: { type: 'string' },
  preview: { type: 'string' },
  backend: { type: 'string' },
  ...Object.fromEntries(STYLE_TRAIN_FLAGS.map((f) => [f.name, { type: 'string' }])),
} as const;

export function parseStyleTrainArgs(argv: readonly string[]) {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const v = values as Record<string, string | undefined>;
  const flags = parseFlags(STYLE_TRAIN_FLAGS, v);
  if (v.style === undefined) throw new UsageError('--style NAME|PNG is required');
  checkStyleOption(v.style);
  if (v.out === undefined) throw new UsageError('--out NET.gst is required');
  if (!/\.gst$/i.test(v.out)) throw new UsageError(`--out must end in .gst, got "${v.out}"`);
  if (v.preview !== undefined && !/\.png$/i.test(v.preview))
    throw new UsageError(`--preview must end in .png, got "${v.preview}"`);
  const side = flags.side ?? FAST_STYLE_DEFAULTS.side;
  if (side % 8 !== 0) throw new UsageError(`--side must be a multiple of 8, got ${side}`);
  return {
    style: v.style,
    content: v.content,
    features: featureNetOption(v.features),
    from: v.from,
    out: v.out,
    preview: v.preview,
    backend: backendOption(v.backend),
    steps: flags.steps ?? FAST_STYLE_DEFAULTS.steps,
    batch: flags.batch ?? FAST_STYLE_DEFAULTS.batch,
    side,
    styleSize: flags['style-size'] ?? 256,
    lr: flags.lr ?? FAST_STYLE_DEFAULTS.lr,
    contentWeight: flags['content-weight'] ?? FAST_STYLE_DEFAULTS.contentWeight,
    styleWeight: flags['style-weight'] ?? FAST_STYLE_DEFAULTS.styleWeight,
    tvWeight: flags['tv-weight'] ?? FAST_STYLE_DEFAULTS.tvWeight,
    sceneShare: flags['scene-share'] ?? 0.25,
    previewEvery: flags['preview-every'],
    seed: flags.seed ?? 0,
  };
}

/** The PNGs of a folder, sorted by name (so a run is the same on every machine). */
async function readPhotos(dir: string): Promise<{ names: string[]; photos: RgbImage[] }> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (e) {
    throw new Error(`--content ${dir}: ${(e as Error).message}`);
  }
  const names = entries.filter((n) => /\.png$/i.test(n)).sort();
  if (names.length === 0) throw new Error(`--content ${dir}: no .png files there`);
  if (names.length > MAX_PHOTOS)
    throw new Error(`--content ${dir}: ${names.length} PNGs; at most ${MAX_PHOTOS} are read`);
  const photos: RgbImage[] = [];
  for (const n of names) photos.push(await readPng(join(dir, n)));
  return { names, photos };
}

const round = (x: number) => Number(x.toPrecision(4));
const roundLosses = (l: FastStyleLosses) => ({
  contentLoss: round(l.content),
  styleLoss: round(l.style),
  tvLoss: round(l.tv),
  totalLoss: round(l.total),
});

export async function styleTrain(argv: string[]): Promise<void> {
  const args = parseStyleTrainArgs(argv);
  await checkOutputs([args.out, args.preview]);
  const backend = await chooseBackend({ request: args.backend });
  console.error(`backend: ${backend.backend} (${backend.reason})`);
  const { names, photos } = args.content
    ? await readPhotos(args.content)
    : { names: [] as string[], photos: [] as RgbImage[] };
  const style = await styleImage(args.style, args.styleSize);
  const fit = fitSize(style.width, style.height, args.styleSize);
  const styleT = resizedTensor(style, fit.width, fit.height);
  const features = await loadFeatureNet(args.features, args.seed);
  const net = args.from
    ? loadStyleTransformer(await readRegularFile(args.from, 64 * 2 ** 20)).net
    : new StyleTransformer(DEFAULT_STYLE_TRANSFORMER, args.seed);
  const sampler = new ContentSampler({
    photos,
    sceneShare: photos.length === 0 ? 1 : args.sceneShare,
    seed: args.seed,
  });
  // Preview pictures: two landscapes and the first photographs, at 2x the training side.
  const previewSide = Math.min(512, args.side * 2);
  const previews: RgbImage[] = [
    contentScene(1, previewSide),
    contentScene(7, previewSide),
    ...photos.slice(0, 3),
  ];
  const control = new RunControl();
  const undoCtrlC = stopOnCtrlC(control, `the net so far to ${args.out}`);
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format:
            'fast style |{bar}| {value}/{total} | content {c} style {s} tv {tv} | ETA {eta_formatted}',
          fps: 5,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  console.error(
    `${args.style}: transformer ${net.config.channels.join('/')} channels, ${net.config.residualBlocks} residual blocks, ${net.parameterCount.toLocaleString('en')} parameters; ${args.steps} steps of ${args.batch} crops ${args.side}x${args.side} from ${photos.length} photographs (${names.join(', ') || 'none'}) and generated landscapes; ${features.description}`,
  );
  bar?.start(args.steps, 0, { c: '-', s: '-', tv: '-' });
  const every = Math.min(50, Math.max(1, Math.round(args.steps / 20)));
  const writePreview = async () => {
    if (args.preview)
      await saveFile(args.preview, encodeRgbPng(previewSheet(net, previews, previewSide)));
  };
  const meta = (steps: number) => ({
    style: args.style,
    features: args.features,
    steps,
    side: args.side,
    batch: args.batch,
    seed: args.seed,
    contentPhotos: names.join(','),
  });
  const cpuStart = process.cpuUsage();
  try {
    const result = await trainFastStyle(net, features, styleT, sampler, {
      steps: args.steps,
      batch: args.batch,
      side: args.side,
      lr: args.lr,
      contentWeight: args.contentWeight,
      styleWeight: args.styleWeight,
      tvWeight: args.tvWeight,
      control,
      onStep: async (s) => {
        const fields = { c: s.content.toFixed(4), s: s.style.toFixed(4), tv: s.tv.toFixed(4) };
        bar?.update(s.step, fields);
        if (!bar && (s.step % every === 0 || s.step === s.steps))
          console.error(
            `step ${s.step}/${s.steps}: content ${fields.c}, style ${fields.s}, tv ${fields.tv}, ${s.seconds.toFixed(1)} s`,
          );
        if (args.previewEvery && s.step % args.previewEvery === 0) {
          await writePreview();
          await saveFile(args.out, await saveStyleTransformer(net, meta(s.step)));
        }
      },
    });
    bar?.stop();
    const cpu = process.cpuUsage(cpuStart);
    await saveFile(args.out, await saveStyleTransformer(net, meta(result.steps)));
    await writePreview();
    if (result.reason === 'diverged')
      throw new Error(
        `the loss became non-finite at step ${result.steps + 1}; the last good net is in ${args.out}`,
      );
    console.log(
      JSON.stringify({
        style: args.style,
        features: args.features,
        steps: result.steps,
        reason: result.reason,
        ...(result.last ? roundLosses(result.last) : {}),
        parameters: net.parameterCount,
        seconds: Number(result.seconds.toFixed(1)),
        cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
        backend: backend.backend,
        out: args.out,
        ...(args.preview ? { preview: args.preview } : {}),
      }),
    );
  } finally {
    bar?.stop();
    undoCtrlC();
    styleT.dispose();
    features.dispose();
    sampler.dispose();
    net.dispose();
  }
}
