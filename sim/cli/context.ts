/** What the commands share with the CLI's entry point: the exit code they decided on. */
export const EXIT = { OK: 0, GATE_FAILED: 1, BAD_INPUT: 2, INTERNAL: 3, INTERRUPTED: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface CommandContext {
  exitCode: ExitCode;
}
