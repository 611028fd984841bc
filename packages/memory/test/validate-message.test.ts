import { describe, expect, it } from "vitest";
import { Memory, MemoryInputError, type ChatMessage } from "../src/index.js";

describe("messages going into memory", () => {
  it("come back exactly as they were put: string content, parts, tool calls, tool results, names", async () => {
    const memory = Memory.fromDefaults({ sessionId: "s" });
    const messages: ChatMessage[] = [
      { role: "system", content: "be brief" },
      { role: "user", content: [{ type: "text", text: "what is this?" }, { type: "image", url: "data:image/png;base64,AAAA", detail: "low" }], name: "ann" },
      {
        role: "assistant",
        content: "",
        toolCalls: [{ id: "c1", name: "lookup", arguments: { q: "x", n: 2 }, rawArguments: '{"q":"x","n":2}' }],
      },
      { role: "tool", content: '{"ok":true}', toolCallId: "c1", name: "lookup" },
      { role: "assistant", content: "done" },
    ];
    await memory.putMessages(messages);
    expect(await memory.getAll()).toStrictEqual(messages);
  });

  it("are copied: changing the object after put does not change what was stored", async () => {
    const memory = Memory.fromDefaults({ sessionId: "s" });
    const message: ChatMessage = { role: "user", content: [{ type: "text", text: "original" }] };
    await memory.put(message);
    (message.content as Array<{ type: "text"; text: string }>)[0].text = "changed";
    expect(await memory.getAll()).toEqual([{ role: "user", content: [{ type: "text", text: "original" }] }]);
  });

  it.each([
    [{ role: "robot", content: "hi" }, /message\.role is "robot"; expected one of "system", "user", "assistant", "tool"/, "message.role"],
    [{ content: "hi" }, /message\.role is undefined/, "message.role"],
    [{ role: "user" }, /message\.content must be a string or an array of content parts/, "message.content"],
    [{ role: "user", content: [{ type: "video", url: "x" }] }, /message\.content\[0\]\.type is "video"/, "message.content[0].type"],
    [{ role: "user", content: [{ type: "text", text: 5 }] }, /message\.content\[0\]\.text must be a string/, "message.content[0].text"],
    [{ role: "user", content: "hi", name: 7 }, /message\.name must be a string/, "message.name"],
    [{ role: "assistant", content: "", toolCalls: [{ name: "f" }] }, /message\.toolCalls\[0\] must be a tool call/, "message.toolCalls[0]"],
    [{ role: "user", content: "hi", extra: () => 1 }, /message\.extra is a function/, "message.extra"],
    [{ role: "user", content: "hi", extra: 10n }, /message\.extra is a bigint/, "message.extra"],
    [{ role: "user", content: "hi", extra: Number.NaN }, /message\.extra is NaN/, "message.extra"],
    [{ role: "user", content: "hi", extra: new Date(0) }, /message\.extra is a Date; only plain JSON objects/, "message.extra"],
    [{ role: "user", content: "hi", extra: new Map() }, /message\.extra is a Map/, "message.extra"],
    [{ role: "user", content: "hi", extra: [1, undefined] }, /message\.extra\[1\] is undefined/, "message.extra[1]"],
    ["hello", /message must be a chat message object/, "message"],
  ])("rejects a bad message (%#) with a clear error naming the field", async (bad, text, where) => {
    const memory = Memory.fromDefaults({ sessionId: "s" });
    const error = await memory.put(bad as unknown as ChatMessage).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MemoryInputError);
    expect((error as Error).message).toMatch(text);
    expect((error as MemoryInputError).where).toBe(where);
    expect(await memory.getAll()).toEqual([]);
  });

  it("rejects content that refers back to itself", async () => {
    const memory = Memory.fromDefaults({ sessionId: "s" });
    const cyclic: Record<string, unknown> = { role: "user", content: "hi" };
    cyclic.self = cyclic;
    await expect(memory.put(cyclic as unknown as ChatMessage)).rejects.toThrow(/message\.self refers back to itself/);
  });

  it("names the position of a bad message in putMessages and stores none of them", async () => {
    const memory = Memory.fromDefaults({ sessionId: "s" });
    const batch = [{ role: "user", content: "ok" }, { role: "bot", content: "no" }] as unknown as ChatMessage[];
    await expect(memory.putMessages(batch)).rejects.toThrow(/messages\[1\]\.role is "bot"/);
    expect(await memory.getAll()).toEqual([]);
  });
});
