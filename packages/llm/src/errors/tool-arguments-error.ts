/** Arguments for a tool that are not valid JSON or do not fit its schema. */
export class ToolArgumentsError extends Error {
  override readonly name = "ToolArgumentsError";
  readonly toolName: string;
  /** zod issues when the arguments parsed but did not validate. */
  readonly issues: readonly unknown[];

  constructor(toolName: string, message: string, issues: readonly unknown[] = [], cause?: unknown) {
    super(`tool "${toolName}": ${message}`, cause === undefined ? undefined : { cause });
    this.toolName = toolName;
    this.issues = issues;
  }
}
