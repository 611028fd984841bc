import { MockLLM, type ChatMessage, type MockRequest, type MockResponse } from "@weft/llm";
import { KNOWN_CITIES } from "./tools.js";

function text(message: ChatMessage): string {
  return typeof message.content === "string" ? message.content : message.content.map((p) => (p.type === "text" ? p.text : "")).join("");
}

function titleCase(city: string): string {
  return city.replace(/\b\w/g, (c) => c.toUpperCase());
}

/**
 * The offline model's whole "reasoning": look at the question and at the tool results since it, then either ask for
 * the tools still needed or answer from the results. Enough to show the agent loop without a network.
 */
export function demoReply({ messages }: MockRequest): MockResponse {
  const lastUser = messages.findLastIndex((m) => m.role === "user");
  const question = lastUser >= 0 ? text(messages[lastUser]!) : "";
  const results = messages.slice(lastUser + 1).filter((m) => m.role === "tool").map((m) => ({ name: m.name, data: JSON.parse(text(m)) as Record<string, unknown> }));
  const weather = results.filter((r) => r.name === "get_weather" && typeof r.data.tempC === "number");
  const computed = results.find((r) => r.name === "calculator");
  const sent = results.find((r) => r.name === "send_message");
  const recipient = /\bsend\b.*\bto (\w+)/i.exec(question)?.[1];

  const cities = KNOWN_CITIES.filter((c) => question.toLowerCase().includes(c));
  const missing = cities.filter((c) => !weather.some((w) => String(w.data.city).toLowerCase() === c));
  if (missing.length > 0) return { toolCalls: missing.map((c) => ({ name: "get_weather", arguments: { city: titleCase(c) } })) };

  const arithmetic = /(-?\d+(?:\.\d+)?)\s*([-+*/x×])\s*(-?\d+(?:\.\d+)?)/.exec(question);
  const comparing = /differen|warmer|colder|compare/i.test(question) && weather.length >= 2;
  if (!computed && (arithmetic || comparing)) {
    const ops: Record<string, string> = { "+": "add", "-": "subtract", "*": "multiply", x: "multiply", "×": "multiply", "/": "divide" };
    const args = arithmetic
      ? { a: Number(arithmetic[1]), b: Number(arithmetic[3]), op: ops[arithmetic[2]!] }
      : { a: weather[1]!.data.tempC, b: weather[0]!.data.tempC, op: "subtract" };
    return { toolCalls: [{ name: "calculator", arguments: args }] };
  }

  const parts = weather.map((w) => `${String(w.data.city)}: ${String(w.data.tempC)}°C, ${String(w.data.sky)}`);
  if (computed && comparing) {
    const diff = Number(computed.data.result);
    parts.push(`${String(weather[1]!.data.city)} is ${Math.abs(diff)}°C ${diff >= 0 ? "warmer" : "colder"} than ${String(weather[0]!.data.city)}`);
  } else if (computed) parts.push(`the result is ${String(computed.data.result)}`);
  if (recipient && parts.length > 0) {
    if (!sent) return { toolCalls: [{ name: "send_message", arguments: { to: recipient, text: `${parts.join("; ")}.` } }] };
    return { text: sent.data.sent ? `Sent to ${recipient}: ${parts.join("; ")}.` : `I did not send it: ${String(sent.data.reason)}.` };
  }
  if (parts.length === 0) {
    return { text: `I'm the offline demo model: I can look up the weather in ${KNOWN_CITIES.map(titleCase).join(", ")} and do arithmetic. Try "How much warmer is Tokyo than Paris?"` };
  }
  return { text: `${parts.join("; ")}.` };
}

export function createDemoLLM({ delayMs = 120, chunkDelayMs = 15 }: { delayMs?: number; chunkDelayMs?: number } = {}): MockLLM {
  return new MockLLM({ model: "demo-agent", delayMs, chunkDelayMs, responses: demoReply });
}
