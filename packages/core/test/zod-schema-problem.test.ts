import { z } from "zod";
import { z as z3 } from "zod3";
import { describe, expect, it } from "vitest";
import { zodSchemaProblem } from "../src/index.js";

describe("zodSchemaProblem", () => {
  it("accepts a zod 4 schema", () => {
    expect(zodSchemaProblem(z.string())).toBeUndefined();
    expect(zodSchemaProblem(z.object({ a: z.number() }))).toBeUndefined();
  });

  it("names zod 3 as the version a real zod 3 schema came from", () => {
    expect(zodSchemaProblem(z3.string())).toBe(
      'Weft needs zod 4, but this schema (a ZodString) comes from zod 3; install zod@^4 and import z from "zod"',
    );
  });

  it("says what it got when the value is no schema at all", () => {
    expect(zodSchemaProblem("text")).toBe("expected a zod 4 schema, got string");
    expect(zodSchemaProblem(null)).toBe("expected a zod 4 schema, got null");
    expect(zodSchemaProblem(new Date())).toBe("expected a zod 4 schema, got Date");
  });
});
