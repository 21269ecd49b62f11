/**
 * Model versions an experiment pins beside the active one (a "model" variant): each is loaded
 * in the background on first request and kept, least recently asked first out. A request never
 * waits for a load: until the version is ready the caller serves the active model and says so.
 */

export interface Pin<L> {
  state: 'loading' | 'ready' | 'missing';
  loaded: L | null;
  /** When the state last changed (a missing version is tried again after retryMs). */
  since: number;
  /** Resolves true once loaded, false when the version cannot be served. */
  ready: Promise<boolean>;
}

export interface PinnedVersionsOptions<L> {
  max: number;
  retryMs: number;
  /** Read and build a version; null when there is no usable version of that id. May throw. */
  loadVersion(version: number): Promise<L | null>;
  /** Stop a loaded version once its last request is answered. */
  retire(loaded: L): void;
  onFailure(version: number, error: unknown): void;
  now?: () => number;
}

export class PinnedVersions<L> {
  private readonly pins = new Map<number, Pin<L>>();
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly o: PinnedVersionsOptions<L>) {
    this.now = o.now ?? Date.now;
  }

  /** The pin for `version`, starting its load when new (or when a failed load is due a retry). */
  get(version: number): Pin<L> {
    const known = this.pins.get(version);
    if (known && !(known.state === 'missing' && this.now() - known.since > this.o.retryMs)) {
      this.pins.delete(version); // most recently asked last
      this.pins.set(version, known);
      return known;
    }
    if (known) this.drop(version);
    const pin: Pin<L> = { state: 'loading', loaded: null, since: this.now(), ready: Promise.resolve(false) };
    this.pins.set(version, pin);
    pin.ready = this.load(version, pin);
    while (this.pins.size > this.o.max) this.drop(this.pins.keys().next().value!);
    return pin;
  }

  /** The loaded version, if it is ready (starting its load otherwise). */
  ready(version: number): L | null {
    const pin = this.get(version);
    return pin.state === 'ready' ? pin.loaded : null;
  }

  has(version: number): boolean {
    return this.pins.has(version);
  }

  drop(version: number): void {
    const pin = this.pins.get(version);
    if (!pin) return;
    this.pins.delete(version);
    if (pin.loaded) this.o.retire(pin.loaded);
  }

  close(): void {
    this.closed = true;
    for (const version of [...this.pins.keys()]) this.drop(version);
  }

  private async load(version: number, pin: Pin<L>): Promise<boolean> {
    let loaded: L | null = null;
    try {
      loaded = await this.o.loadVersion(version);
    } catch (e) {
      this.o.onFailure(version, e);
    }
    pin.since = this.now();
    if (!loaded) {
      pin.state = 'missing';
      return false;
    }
    if (this.closed || this.pins.get(version) !== pin) {
      this.o.retire(loaded); // dropped while it loaded
      pin.state = 'missing';
      return false;
    }
    pin.loaded = loaded;
    pin.state = 'ready';
    return true;
  }
}
