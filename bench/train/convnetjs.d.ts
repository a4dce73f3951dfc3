/** The small part of ConvNetJS 0.3.0 (CommonJS, untyped) that the train bench uses. */
declare module 'convnetjs' {
  export class Vol {
    constructor(sx: number, sy: number, depth: number, c?: number);
    sx: number;
    sy: number;
    depth: number;
    w: Float64Array;
    dw: Float64Array;
  }
  export interface LayerDef {
    type: 'input' | 'conv' | 'pool' | 'fc' | 'softmax' | 'relu';
    [option: string]: string | number;
  }
  export class Net {
    makeLayers(defs: LayerDef[]): void;
    forward(v: Vol, isTraining?: boolean): Vol;
  }
  export interface TrainerOptions {
    method?: 'sgd' | 'adagrad' | 'adadelta' | 'windowgrad';
    learning_rate?: number;
    batch_size?: number;
    momentum?: number;
    l1_decay?: number;
    l2_decay?: number;
  }
  export interface TrainStats {
    fwd_time: number;
    bwd_time: number;
    l2_decay_loss: number;
    l1_decay_loss: number;
    cost_loss: number;
    softmax_loss: number;
    loss: number;
  }
  export class Trainer {
    constructor(net: Net, options?: TrainerOptions);
    train(x: Vol, y: number): TrainStats;
  }
}
