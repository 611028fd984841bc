import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";

const dir = new URL("../src/client/", import.meta.url);

it("the client imports nothing at run time from outside its folder, and nothing from Node", () => {
  for (const file of readdirSync(dir)) {
    const source = readFileSync(new URL(file, dir), "utf8");
    const imports = [...source.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gm)].map((m) => ({ typeOnly: Boolean(m[2]), from: m[3] }));
    for (const { typeOnly, from } of imports) {
      expect(from.startsWith("node:"), `${file} imports ${from}`).toBe(false);
      if (!typeOnly) expect(from.startsWith("./"), `${file} imports ${from} at run time`).toBe(true);
    }
    expect(source).not.toMatch(/\b(process|Buffer|require)\b[.(]/);
  }
});
