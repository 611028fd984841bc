import { z as z3 } from "zod3";
import { describe, expect, it } from "vitest";
import { defineTool } from "../src/index.js";

describe("defineTool with a zod 3 schema", () => {
  it("says Weft needs zod 4 and where the schema came from", () => {
    expect(() => defineTool("weather", { description: "d", parameters: z3.object({ city: z3.string() }) as never }, () => "sunny")).toThrow(
      'defineTool("weather"): "parameters" must be a zod 4 schema: Weft needs zod 4, but this schema (a ZodObject) comes from zod 3',
    );
  });
});
