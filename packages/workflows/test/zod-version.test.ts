import { z } from "zod";
import { z as z3 } from "zod3";
import { describe, expect, it } from "vitest";
import { defineEvent } from "../src/index.js";

// zod is a peer dependency: an application may hand Weft schemas from another zod major (TypeScript rejects
// them already; plain JavaScript reaches these checks).
describe("defineEvent with a zod 3 schema", () => {
  it("names the field and says Weft needs zod 4, for a raw shape", () => {
    expect(() => defineEvent("Old", { joke: z3.string() as never, rating: z.number() })).toThrow(
      'defineEvent("Old"): field "joke": Weft needs zod 4, but this schema (a ZodString) comes from zod 3',
    );
  });

  it("says the same for a whole zod 3 object", () => {
    expect(() => defineEvent("OldObject", z3.object({ joke: z3.string() }) as never)).toThrow(
      'defineEvent("OldObject"): Weft needs zod 4, but this schema (a ZodObject) comes from zod 3',
    );
  });

  it("names a field that is no schema at all", () => {
    expect(() => defineEvent("NotSchema", { joke: "string" } as never)).toThrow('defineEvent("NotSchema"): field "joke": expected a zod 4 schema, got string');
  });
});
