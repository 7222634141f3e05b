// A sweep worker's entry point: a child process registers the TypeScript loader (tsx) before
// loading the worker.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
