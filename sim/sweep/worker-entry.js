// A sweep worker's entry point: worker threads do not share the main thread's TypeScript loader,
// so each registers tsx before loading the worker.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
