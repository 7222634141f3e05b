/** How the CLI reports problems: input errors as a line or the file:line:column list, never a stack trace. */
import { RunDirectoryError } from "../../reports/run-data.ts";
import { SimError } from "../engine/errors.ts";
import { ScenarioError } from "../scenario/source.ts";
import { InterruptedError } from "../sweep/pool.ts";
import { SweepDirectoryError } from "../sweep/results.ts";
import { EXIT, type ExitCode } from "./context.ts";

/** A bad command line: the message, then where to find the usage. */
export class UsageError extends Error {}

/** Prints a scenario loading error; rethrows anything that is not one (a bug). */
export function reportLoadError(error: unknown): void {
  if (!(error instanceof ScenarioError)) throw error;
  process.stderr.write(`${error.message}\n`);
}

/** Prints any error a command ended with: bad input, or a file the user named that cannot be used (exit 2); else a bug (exit 3). */
export function reportError(error: unknown): ExitCode {
  if (error instanceof UsageError) {
    process.stderr.write(`ecs-sim: ${error.message}\nRun "ecs-sim --help" for usage.\n`);
    return EXIT.BAD_INPUT;
  }
  if (error instanceof ScenarioError) {
    process.stderr.write(`${error.message}\n`);
    return EXIT.BAD_INPUT;
  }
  if (error instanceof SweepDirectoryError || error instanceof RunDirectoryError) {
    process.stderr.write(`ecs-sim: ${error.message}\n`);
    return EXIT.BAD_INPUT;
  }
  if (error instanceof InterruptedError) {
    process.stderr.write(`ecs-sim: interrupted: ${error.message}\n`);
    return EXIT.INTERRUPTED;
  }
  const fileProblem = describeFileError(error);
  if (fileProblem !== undefined) {
    process.stderr.write(`ecs-sim: ${fileProblem}\n`);
    return EXIT.BAD_INPUT;
  }
  reportInternalError(error);
  return EXIT.INTERNAL;
}

/** File-system failures a path the user gave can cause (e.g. --out under a file), in words. */
const FILE_ERROR_REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  ENOTDIR: "a part of the path is a file, not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EEXIST: "it exists already, and is not a directory",
  EISDIR: "it is a directory",
};
const WRITING = new Set(["mkdir", "rename", "write", "unlink", "rmdir", "rm", "truncate", "copyfile", "symlink", "link"]);
const READING = new Set(["read", "scandir", "opendir", "stat", "lstat", "access", "readlink"]);

/** `cannot write PATH: reason` for a file-system error about a path; undefined for anything else. */
function describeFileError(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, syscall, path } = error as NodeJS.ErrnoException;
  const reason = code === undefined ? undefined : FILE_ERROR_REASONS[code];
  if (reason === undefined || path === undefined) return undefined;
  // `open` serves reading and writing alike.
  const verb = syscall !== undefined && WRITING.has(syscall) ? "write" : syscall !== undefined && READING.has(syscall) ? "read" : "open";
  return `cannot ${verb} ${path}: ${reason}`;
}

/** Prints an unexpected error as a bug report, with the context a SimError carries. */
function reportInternalError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const context = error instanceof SimError && error.context !== undefined ? ` ${JSON.stringify(error.context)}` : "";
  process.stderr.write(`ecs-sim: internal error: ${message}${context}\nThis is a bug in ecs-sim; please report it with the scenario.\n`);
}
