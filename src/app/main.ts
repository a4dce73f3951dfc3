/**
 * The app shell: three areas, Learn, Arena and Vision. Only what exists is shown; areas that
 * are not built yet say so. (Training runs in workers in a later milestone; the shell itself
 * does no tensor math.)
 */
import './style.css';
import { AND as andGate, type Bit, NAND, OR, truthTable, XOR } from '../nn/perceptron';

type Area = 'learn' | 'arena' | 'vision';
const AREAS: Record<Area, string> = { learn: 'Learn', arena: 'Arena', vision: 'Vision' };

function gateTable(name: string, gate: (a: number, b: number) => Bit): string {
  const rows = truthTable(gate)
    .map(([a, b, y]) => `<tr><td>${a}</td><td>${b}</td><td class="out">${y}</td></tr>`)
    .join('');
  return `<div><h3>${name}</h3><table><thead><tr><th>x1</th><th>x2</th><th>y</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function learn(): string {
  return `
    <section class="card">
      <h2>Learn: the book's networks, written by hand</h2>
      <p class="muted">Every layer of <em>Deep Learning from Scratch</em> (Affine, Relu, SoftmaxWithLoss,
      BatchNormalization, Convolution with im2col, Pooling...) has its own forward and backward here,
      on tfjs-core tensors. Today they train headless from the command line:</p>
      <p><code>npm run cli -- train --net two-layer --iters 10000 --lr 0.1</code></p>
      <p class="muted">The live MNIST lab, digit pad and charts in this page are the next milestone.</p>
    </section>
    <section class="card">
      <h2>Chapter 2: perceptrons</h2>
      <p class="muted">One perceptron draws one straight line, enough for AND, NAND and OR. XOR needs two
      layers: XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2)).</p>
      <div class="grid">${gateTable('AND', andGate)}${gateTable('NAND', NAND)}${gateTable('OR', OR)}${gateTable('XOR (two layers)', XOR)}</div>
    </section>`;
}

function notYet(area: string, what: string): string {
  return `<section class="card"><h2>${area} <span class="status">not built yet</span></h2><p class="muted">${what}</p></section>`;
}

function render(area: Area): void {
  const body =
    area === 'learn'
      ? learn()
      : area === 'arena'
        ? notYet('Arena', 'Games and DQN agents that learn them, live. Nothing is here yet.')
        : notYet(
            'Vision',
            'Webcam demos: detection, segmentation, style transfer, DCGAN. Nothing is here yet.',
          );
  const nav = (Object.keys(AREAS) as Area[])
    .map((a) => `<a href="#${a}"${a === area ? ' aria-current="page"' : ''}>${AREAS[a]}</a>`)
    .join('');
  document.querySelector<HTMLDivElement>('#app')!.innerHTML = `
    <header><h1>Gradient <span>Arcade</span></h1><nav>${nav}</nav></header>
    <main>${body}</main>`;
}

function currentArea(): Area {
  const hash = location.hash.slice(1);
  return hash in AREAS ? (hash as Area) : 'learn';
}

window.addEventListener('hashchange', () => render(currentArea()));
render(currentArea());
