import { describe, expect, it } from "vitest";
import { attributeJson, toJson, truncate } from "../src/index.js";

describe("truncate", () => {
  it("keeps a short value and cuts a long one, saying how much was dropped", () => {
    expect(truncate("abc", 3)).toBe("abc");
    expect(truncate("abcdef", 2)).toBe("ab…[truncated 4 chars]");
  });
});

describe("toJson", () => {
  it("writes JSON, with BigInts as strings and undefined as null", () => {
    expect(toJson({ a: 1n, b: "x" })).toBe('{"a":"1","b":"x"}');
    expect(toJson(undefined)).toBe("null");
  });

  it("never throws: a cycle becomes a note", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(toJson(cyclic)).toMatch(/^\[unserializable: .*circular/i);
  });
});

describe("attributeJson", () => {
  it("passes a string through unquoted and cuts at the limit", () => {
    expect(attributeJson("hello", 10)).toBe("hello");
    expect(attributeJson({ text: "hello world" }, 5)).toBe('{"tex…[truncated 17 chars]');
  });
});
