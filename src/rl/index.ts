/** The reinforcement-learning library: what the agent worker and the CLI import. */
export {
  AgentFileError,
  type AgentMeta,
  type LoadedAgent,
  loadAgent,
  saveAgent,
} from './agent-file';
export { type AttachedAgent, agentMismatch, attachAgent } from './attach-agent';
export { chooseRlBackend, timeRlStep } from './choose-backend';
export { DqnAgent, type DqnCounters, type DqnRngStates } from './dqn';
export {
  DEFAULT_DQN_CONFIG,
  type DqnConfig,
  dqnConfig,
  type TargetUpdate,
  validateDqnConfig,
} from './dqn-config';
export { DuelingAggregation } from './dueling';
export { type EpisodeEnd, EpisodeStatsEnv } from './episode-stats-env';
export {
  type Actor,
  EVAL_MAX_STEPS,
  type EvalResult,
  type EvaluateOptions,
  evaluate,
  type RolloutFrame,
  randomPolicyReturn,
  rollout,
  summariseReturns,
} from './evaluate';
export {
  type CurveWindow,
  curveWindows,
  type LearningCurve,
  LearningCurveError,
  parseLearningCurve,
} from './learning-curve';
export {
  ALGO_NAMES,
  type AlgoName,
  type BuiltAgent,
  buildAgent,
  DEFAULT_TABULAR,
  envFactory,
  hasDiscreteStates,
  isAlgoName,
  type TabularOverrides,
} from './make-agent';
export { NStepAccumulator, type StepTransition } from './n-step';
export { type DqnPresetName, dqnPreset, isDqnPresetName } from './presets';
export { QNetwork, type QNetworkOptions, type QNetworkSpec } from './q-network';
export { type ReplayBatch, ReplayBuffer, type Transition } from './replay-buffer';
export { LinearSchedule, type LinearScheduleConfig } from './schedule';
export {
  type DiscreteStateEnv,
  TabularAgent,
  type TabularAlgorithm,
  type TabularConfig,
  type TabularEnv,
  tabularActor,
  tabularAgentFor,
  validateTabularConfig,
} from './tabular';
export { TabularTrainLoop } from './tabular-loop';
export { actionMask, TakenActionHuberLoss } from './td-loss';
export {
  DqnTrainLoop,
  type EnvFactory,
  type EpisodeReport,
  type EvaluationReport,
  type PeriodicEvaluation,
  type ProgressReport,
  type RunOptions,
  type TrainLoopOptions,
  type TrainSummary,
  trainDqn,
} from './train-loop';
