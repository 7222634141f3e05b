/**
 * A progress bar for long runs and sweeps: shown on a terminal only, never in CI logs or with
 * --quiet, and only once the work has taken about a second, so short runs print nothing extra.
 */
import cliProgress from "cli-progress";
import { formatDuration } from "../engine/duration.ts";

const SHOW_AFTER_MS = 1000;

export class Progress {
  readonly #startedAt = performance.now();
  #bar: cliProgress.SingleBar | undefined;

  constructor(
    private readonly total: number,
    private readonly enabled: boolean,
    /** What is counted: simulated time (a run), or runs (a sweep). */
    private readonly unit: { readonly label: string; readonly format: (n: number) => string } = { label: "simulating", format: formatDuration },
  ) {}

  /** Reports how far the work has got. */
  update(done: number): void {
    if (!this.enabled) return;
    if (this.#bar === undefined) {
      if (performance.now() - this.#startedAt < SHOW_AFTER_MS) return;
      this.#bar = new cliProgress.SingleBar(
        { format: `${this.unit.label} [{bar}] {percentage}% | {done} of {end} | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      this.#bar.start(this.total, 0, { end: this.unit.format(this.total), done: this.unit.format(0) });
    }
    this.#bar.update(done, { done: this.unit.format(done) });
  }

  stop(): void {
    this.#bar?.stop();
  }
}
