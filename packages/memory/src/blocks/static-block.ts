import type { MemoryBlock } from "./memory-block.js";

export interface StaticBlockOptions {
  name?: string;
  /** Fixed text shown on every `get` (who the user is, house rules …). */
  content: string;
  /** Default 0: never cut. */
  priority?: number;
}

/** Fixed text, always the same. */
export class StaticBlock implements MemoryBlock {
  readonly name: string;
  readonly priority: number;
  readonly content: string;

  constructor(options: StaticBlockOptions) {
    if (typeof options?.content !== "string") throw new TypeError("StaticBlock: options.content must be a string");
    this.name = options.name ?? "static";
    this.priority = options.priority ?? 0;
    this.content = options.content;
  }

  async get(): Promise<string> {
    return this.content;
  }
}
