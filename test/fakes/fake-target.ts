// A Target with a scripted dataplane: it records every call and answers probes from a function.
import type { Deviation } from '../../src/engine/deviations.ts';
import type { Prediction } from '../../src/engine/predict.ts';
import { predict } from '../../src/engine/predict.ts';
import type { Cluster } from '../../src/model/cluster.ts';
import { TargetError } from '../../src/model/errors.ts';
import type { Probe, ProbeBatch, ProbeResult } from '../../src/model/probe.ts';
import type { Outcome } from '../../src/model/result.ts';
import type { Clock } from '../../src/runner/clock.ts';
import type { Enforcement, StepState, Target } from '../../src/targets/target.ts';

/** One probe as the dataplane sees it. */
export interface DataplaneQuery {
  readonly from: string;
  readonly probe: Probe;
  /** The state of the last applyStep (undefined before the first). */
  readonly state: StepState | undefined;
  /** 0-based index of the applyStep call in force. */
  readonly stepCall: number;
  /** 1-based: how many times this cell has been probed in this step, this one included. */
  readonly attempt: number;
}

/** An outcome, or a ProbeResult with a detail; throwing makes the whole batch's runProbes throw. */
export type Dataplane = (query: DataplaneQuery) => Outcome | ProbeResult;

export const cellName = (from: string, probe: Pick<Probe, 'to' | 'port' | 'protocol' | 'family'>): string =>
  `${from} → ${probe.to} ${probe.port}/${probe.protocol} ${probe.family}`;

/** A dataplane that enforces the spec, or the spec with some CNI deviations. */
export const specDataplane = (deviations: readonly Deviation[] = []): Dataplane => {
  const predictions = new WeakMap<StepState, Prediction>();
  return ({ from, probe, state }) => {
    if (state === undefined) return 'connected';
    let prediction = predictions.get(state);
    if (prediction === undefined) {
      prediction = predict(state.cluster, state.policies, { deviations, families: ['IPv4', 'IPv6'] });
      predictions.set(state, prediction);
    }
    const cell = prediction.lookup({ from, to: probe.to, port: probe.port, protocol: probe.protocol, family: probe.family });
    if (cell === undefined) return { id: probe.id, outcome: 'error', detail: `fake: no cell ${cellName(from, probe)}` };
    return cell.allowed ? 'connected' : 'timeout';
  };
};

/** The first `attempts` probes of the chosen cells in each step answer `outcome`; then `base` answers. */
export const flapping =
  (
    base: Dataplane,
    options: { readonly attempts: number; readonly outcome: Outcome; readonly cells?: (query: DataplaneQuery) => boolean },
  ): Dataplane =>
  (query) =>
    query.attempt <= options.attempts && (options.cells?.(query) ?? true) ? options.outcome : base(query);

export type FakeCall = 'preflight' | 'createWorld' | `applyStep:${number}` | `runProbes:${string}` | 'teardown';

export interface FakeTargetOptions {
  readonly dataplane?: Dataplane;
  readonly kind?: 'local' | 'kube';
  /** The world the target "really" creates; default: every pod's IPv4 moved to 10.99.0.N. */
  readonly realize?: (cluster: Cluster) => Cluster;
  /** Throw a TargetError from this operation (applyStep: on the call with this 0-based index). */
  readonly failPreflight?: boolean;
  readonly failCreateWorld?: boolean;
  readonly failApplyStep?: number;
  /** runProbes of these source pods throws (a probe that could not run). */
  readonly throwingSources?: readonly string[];
  /** runProbes never answers; it rejects when its signal aborts. */
  readonly hangProbesOnStepCall?: number;
  /** Called at the start of every runProbes (e.g. to abort the run from inside). */
  readonly onRunProbes?: (batch: ProbeBatch, stepCall: number) => void;
  /** Advances on each probe round of a batch, so a fake clock sees probes take time. */
  readonly clock?: Clock & { advance(ms: number): void };
  readonly probeCostMs?: number;
  /**
   * A CNI's programming latency: probes see the previous step's state until this long (on `clock`)
   * after applyStep returned. 0 by default (the rules are in force when applyStep returns).
   */
  readonly lagMs?: number;
  /** How long applyStep takes after the API accepted the step's objects (fake clock ms), as a slow apply does. */
  readonly applyCostMs?: number;
  /** What the fake declares about when rules are in force; default: on apply, as the local target. */
  readonly enforcement?: Enforcement;
}

export interface FakeTarget extends Target {
  readonly calls: FakeCall[];
  readonly states: StepState[];
  readonly batches: ProbeBatch[];
  readonly world: Cluster | undefined;
}

/** Every pod moved to 10.99.0.N (and fd99::N when it has IPv6), so tests can tell real addresses from the scenario's. */
export const moveAddresses = (cluster: Cluster): Cluster => ({
  ...cluster,
  pods: cluster.pods.map((pod, index) => ({
    ...pod,
    ips: { IPv4: `10.99.0.${index + 1}`, ...(pod.ips.IPv6 === undefined ? {} : { IPv6: `fd99::${(index + 1).toString(16)}` }) },
  })),
});

/** Real targets answer asynchronously; the fake yields once per call so the run loop sees the same. */
export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const abortable = (signal: AbortSignal): Promise<never> =>
  new Promise((_resolve, reject) => {
    const fail = (): void => {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });

/** A Target driven by `options`; conforming to the spec by default. */
export const createFakeTarget = (options: FakeTargetOptions = {}): FakeTarget => {
  const dataplane = options.dataplane ?? specDataplane();
  const calls: FakeCall[] = [];
  const states: StepState[] = [];
  const appliedAt: number[] = [];
  const batches: ProbeBatch[] = [];
  const attempts = new Map<string, number>();
  let world: Cluster | undefined;
  const kind = options.kind ?? 'local';
  return {
    info: { kind, context: null, cni: 'fake', deviations: [] },
    calls,
    states,
    batches,
    get world() {
      return world;
    },
    async preflight() {
      await tick();
      calls.push('preflight');
      if (options.failPreflight === true) throw new TargetError('fake: preflight failed');
    },
    async createWorld(cluster) {
      await tick();
      calls.push('createWorld');
      if (options.failCreateWorld === true) throw new TargetError('fake: pods never became ready');
      world = (options.realize ?? moveAddresses)(cluster);
      return world;
    },
    async applyStep(state) {
      await tick();
      const index = states.length;
      calls.push(`applyStep:${index}`);
      if (options.failApplyStep === index) throw new TargetError(`fake: applyStep ${index} forbidden`);
      states.push(state);
      appliedAt.push(options.clock?.now() ?? 0);
      attempts.clear();
      options.clock?.advance(options.applyCostMs ?? 0);
    },
    async runProbes(batch, signal) {
      calls.push(`runProbes:${batch.from}`);
      batches.push(batch);
      const stepCall = states.length - 1;
      options.onRunProbes?.(batch, stepCall);
      if (options.hangProbesOnStepCall === stepCall) return abortable(signal);
      if (options.throwingSources?.includes(batch.from) === true) throw new Error(`fake: exec into ${batch.from} failed`);
      // The probes go out at the end of the round's cost (exec setup takes time, as on a cluster), and see
      // the step whose rules the dataplane enforces then: the last one applied at least lagMs earlier.
      options.clock?.advance(options.probeCostMs ?? 0);
      const now = options.clock?.now() ?? 0;
      let inForce = stepCall;
      while (inForce >= 0 && (appliedAt[inForce] ?? 0) + (options.lagMs ?? 0) > now) inForce--;
      return batch.probes.map((probe) => {
        const key = cellName(batch.from, probe);
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        const answer = dataplane({ from: batch.from, probe, state: states[inForce], stepCall: inForce, attempt });
        return typeof answer === 'string' ? { id: probe.id, outcome: answer } : { ...answer, id: probe.id };
      });
    },
    async teardown() {
      await tick();
      calls.push('teardown');
    },
    stepDeadlineMs: (timeoutMs) => Math.max(10 * timeoutMs, 5000),
    enforcement: options.enforcement ?? { kind: 'on-apply' },
    describeKept() {
      return ['fake world kept'];
    },
  };
};

/** A clock that only moves when told to (sleep moves it by the time slept). */
export const createFakeClock = (
  start = Date.UTC(2026, 10, 21, 10, 0, 0),
): Clock & {
  advance(ms: number): void;
  readonly sleeps: number[];
} => {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    advance(ms) {
      now += ms;
    },
    async sleep(ms, signal) {
      await tick();
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
      sleeps.push(ms);
      now += ms;
    },
  };
};
