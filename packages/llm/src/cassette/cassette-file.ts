import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Cassette, CassetteInteraction } from "./cassette.js";

/** Reads and checks a cassette; errors name the file and what is wrong with it. */
export function readCassette(owner: string, file: string): Cassette {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${owner}: cannot read the cassette ${file}: ${(error as Error).message} (record it first with RecordingLLM)`);
  }
  let cassette: Partial<Cassette>;
  try {
    cassette = JSON.parse(text) as Partial<Cassette>;
  } catch (error) {
    throw new Error(`${owner}: the cassette ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (cassette?.version !== 1) throw new Error(`${owner}: the cassette ${file} has version ${JSON.stringify(cassette?.version)}; this version of @weft/llm reads version 1`);
  if (typeof cassette.provider !== "string" || typeof cassette.model !== "string" || !Array.isArray(cassette.interactions)) {
    throw new Error(`${owner}: the cassette ${file} needs "provider", "model" and an "interactions" array`);
  }
  cassette.interactions.forEach((interaction, i) => {
    const problem = interactionProblem(interaction);
    if (problem) throw new Error(`${owner}: the cassette ${file}: interactions[${i}] ${problem}`);
  });
  return cassette as Cassette;
}

/** Writes the whole cassette through a temporary file, so a crash never leaves half a file. */
export function writeCassette(file: string, cassette: Cassette): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(cassette, null, 2)}\n`);
  renameSync(temporary, file);
}

function interactionProblem(interaction: CassetteInteraction | undefined): string | undefined {
  const method = interaction?.request?.method;
  if (method !== "chat" && method !== "stream" && method !== "structured") return `has request.method ${JSON.stringify(method)} (expected "chat", "stream" or "structured")`;
  if (interaction!.error) return typeof interaction!.error.message === "string" ? undefined : "has an error without a message";
  if (method === "structured") return "value" in interaction! ? undefined : "has neither a value nor an error";
  if (typeof interaction!.response?.text !== "string" || !Array.isArray(interaction!.response.toolCalls)) return "has neither a response (text, toolCalls …) nor an error";
  if (method === "stream" && !Array.isArray(interaction!.chunks)) return "is a stream without chunks";
  return undefined;
}
