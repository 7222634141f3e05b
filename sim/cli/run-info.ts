/**
 * run.json: what may differ between two runs of the same scenario and seed (wall time, speed,
 * versions), kept apart so every other file is byte-identical.
 */
import { readFileSync } from "node:fs";

const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

export function runInfo(scenarioFile: string, seed: number, duration: number, wallMs: number, eventsProcessed: number) {
  return {
    scenarioFile,
    seed,
    duration,
    wallTimeMs: Math.round(wallMs),
    eventsProcessed,
    eventsPerSecond: wallMs > 0 ? Math.round((eventsProcessed / wallMs) * 1000) : null,
    finishedAt: new Date().toISOString(),
    versions: { ecsSim: packageJson.version, node: process.version },
  };
}
