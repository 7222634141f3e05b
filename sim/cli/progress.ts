/**
 * A progress bar for long runs: shown on a terminal only, never in CI logs or with --quiet, and
 * only once a run has taken about a second, so short runs print nothing extra.
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
  ) {}

  /** Reports simulated time reached. */
  update(simulated: number): void {
    if (!this.enabled) return;
    if (this.#bar === undefined) {
      if (performance.now() - this.#startedAt < SHOW_AFTER_MS) return;
      this.#bar = new cliProgress.SingleBar(
        { format: "simulating [{bar}] {percentage}% | {time} of {end} | ETA {eta_formatted}", stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      this.#bar.start(this.total, 0, { end: formatDuration(this.total), time: "0s" });
    }
    this.#bar.update(simulated, { time: formatDuration(simulated) });
  }

  stop(): void {
    this.#bar?.stop();
  }
}
