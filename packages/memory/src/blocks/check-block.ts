import { MemoryInputError } from "../errors/memory-input-error.js";
import type { MemoryBlock } from "./memory-block.js";

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Checks the blocks handed to a memory: names usable as tags, unique, priorities whole and ≥ 0. */
export function checkBlocks(blocks: readonly MemoryBlock[]): void {
  const names = new Set<string>();
  blocks.forEach((block, i) => {
    const where = `options.blocks[${i}]`;
    if (typeof block?.get !== "function") throw new MemoryInputError(`${where} is not a memory block (it has no get())`, where);
    if (typeof block.name !== "string" || !NAME.test(block.name)) {
      throw new MemoryInputError(
        `${where}.name ${JSON.stringify(block.name)} must start with a letter and hold only letters, digits, "_" and "-"`,
        `${where}.name`,
      );
    }
    if (names.has(block.name)) throw new MemoryInputError(`${where}.name "${block.name}" is used by two blocks`, `${where}.name`);
    names.add(block.name);
    if (!Number.isInteger(block.priority) || block.priority < 0) {
      throw new MemoryInputError(`${where}.priority must be a whole number ≥ 0, got ${block.priority}`, `${where}.priority`);
    }
  });
}
