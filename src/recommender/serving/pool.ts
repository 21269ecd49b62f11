/**
 * The scoring worker threads of one model version. A request goes to the worker of its user
 * (user id modulo the pool size), so that worker's per-user history and score caches stay
 * warm; a worker that dies is replaced from the same shared bytes, and the calls it held fail
 * (never hang). A small pool of our own rather than piscina: piscina hands a task to whichever
 * thread is free, which would scatter a user's cached scores over every thread, and it has no
 * way to start each thread with one model and retire the lot when the next model is live.
 */
import { Worker } from 'node:worker_threads';
import type { ItemMeta } from '../types.js';
import type { CandidateSettings } from './candidate-scores.js';
import { CatalogueMissingError } from './model-file.js';
import type { Answer, Call, FromWorker, ToWorker, WorkerInit } from './protocol.js';

export const workerUrl = new URL('./worker-entry.mjs', import.meta.url);

interface Pending {
  resolve(value: unknown): void;
  reject(e: Error): void;
}

class Slot {
  worker!: Worker;
  ready!: Promise<void>;
  readonly pending = new Map<number, Pending>();
  decodeMs = 0;
  /** Built its model once: a later death is a crash worth a replacement, not a model that cannot load. */
  private loaded = false;

  constructor(
    private readonly init: WorkerInit,
    private readonly onDeath: (slot: Slot, e: Error) => void,
  ) {
    this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(workerUrl, { workerData: this.init });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          this.decodeMs = m.decodeMs;
          this.loaded = true;
          worker.unref(); // an idle worker does not keep the process alive; a pending call does
          resolve();
        } else if (m.type === 'failed') {
          reject(
            m.catalogueMissing ? new CatalogueMissingError(m.message) : new Error(`scoring worker could not load the model: ${m.message}`),
          );
        } else {
          const p = this.pending.get(m.id);
          if (!p) return;
          this.pending.delete(m.id);
          if (this.pending.size === 0) worker.unref();
          if (m.ok) p.resolve(m.value);
          else p.reject(new Error(`scoring failed in a worker: ${m.message}`));
        }
      });
      const died = (e: Error) => {
        reject(e);
        if (this.worker !== worker) return;
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
        if (this.loaded) this.onDeath(this, e);
      };
      worker.once('error', died);
      worker.once('exit', (code) => died(new Error(`scoring worker exited (code ${code})`)));
    });
    this.ready.catch(() => {}); // awaited by callers; a failure also reaches onDeath
  }

  /** Start a replacement after a crash (the shared bytes are still here). */
  respawn(): void {
    this.spawn();
  }
}

export interface GenerationOptions {
  threads: number;
  maxScoreBytes: number;
  /** Candidates before ranking on big catalogues (unset: every request scores the whole catalogue). */
  candidates?: CandidateSettings | undefined;
  /** For models published without their catalogue. */
  catalogue?: ReadonlyMap<number, ItemMeta> | undefined;
  onWorkerDeath?: ((e: Error) => void) | undefined;
}

export class WorkerGeneration {
  private readonly slots: Slot[];
  private nextId = 1;
  private retired = false;

  private constructor(bytes: SharedArrayBuffer, opts: GenerationOptions) {
    const init: WorkerInit = {
      bytes,
      catalogue: opts.catalogue ? [...opts.catalogue] : undefined,
      maxScoreBytes: opts.maxScoreBytes,
      candidates: opts.candidates,
    };
    this.slots = Array.from(
      { length: Math.max(1, opts.threads) },
      () =>
        new Slot(init, (slot, e) => {
          if (this.retired) return;
          opts.onWorkerDeath?.(e);
          slot.respawn();
        }),
    );
  }

  /** Start the workers and wait until each has built the model; throws what the first one could not do. */
  static async start(bytes: SharedArrayBuffer, opts: GenerationOptions): Promise<WorkerGeneration> {
    const g = new WorkerGeneration(bytes, opts);
    try {
      await Promise.all(g.slots.map((s) => s.ready));
    } catch (e) {
      await g.retire();
      throw e;
    }
    return g;
  }

  /** Milliseconds the slowest worker took to build the model. */
  get decodeMs(): number {
    return Math.max(...this.slots.map((s) => s.decodeMs));
  }

  get threads(): number {
    return this.slots.length;
  }

  /** Run a call on the worker that owns `route` (a user id, or a movie id for anonymous calls). */
  async call<C extends Call>(route: number, call: C): Promise<Answer<C>> {
    if (this.retired) throw new Error('this model version is retired');
    const slot = this.slots[Math.abs(Math.trunc(route)) % this.slots.length]!;
    await slot.ready;
    const id = this.nextId++;
    return new Promise<Answer<C>>((resolve, reject) => {
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      slot.worker.postMessage({ type: 'call', id, call } satisfies ToWorker);
    });
  }

  /** Stop the workers (callers make sure nothing is in flight). */
  async retire(): Promise<void> {
    this.retired = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
