import { MockLLM, OpenAILLM } from "@weft/llm";
import { describe, expect, it } from "vitest";
import { chooseLLM } from "../src/choose-llm.js";

const demo = () => new MockLLM({ model: "demo" });

describe("chooseLLM", () => {
  it("uses the offline demo model when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set, and says so", () => {
    const chosen = chooseLLM(demo, { OPENAI_API_KEY: "", OPENAI_BASE_URL: undefined });
    expect(chosen.offline).toBe(true);
    expect(chosen.llm.model).toBe("demo");
    expect(chosen.description).toMatch(/^offline demo model — canned answers from a MockLLM, no network\./);
  });

  it("uses OpenAI with OPENAI_API_KEY, model from WEFT_MODEL or gpt-4.1-mini", () => {
    const chosen = chooseLLM(demo, { OPENAI_API_KEY: "sk-test" });
    expect(chosen.llm).toBeInstanceOf(OpenAILLM);
    expect([chosen.llm.model, chosen.llm.provider, chosen.offline]).toEqual(["gpt-4.1-mini", "openai", false]);
    expect(chosen.description).toBe("gpt-4.1-mini at api.openai.com");
    expect(chooseLLM(demo, { OPENAI_API_KEY: "sk-test", WEFT_MODEL: "gpt-4o" }).llm.model).toBe("gpt-4o");
  });

  it("uses any compatible server with OPENAI_BASE_URL, even without a key", () => {
    const chosen = chooseLLM(demo, { OPENAI_BASE_URL: "http://localhost:11434/v1", WEFT_MODEL: "llama3.2" });
    expect(chosen.llm).toBeInstanceOf(OpenAILLM);
    expect(chosen.llm.model).toBe("llama3.2");
    expect(chosen.description).toBe("llama3.2 at http://localhost:11434/v1");
  });
});
