import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { HumanResponseEvent, InputRequiredEvent, type WorkflowHandler } from "@weft/workflows";

export interface TerminalIO {
  input: Readable;
  output: Writable;
}

/**
 * Answers each question the run asks with the next line of `input`, and resolves with the run's result. When input
 * ends before the run does, the run is cancelled (the handler rejects with `WorkflowCancelledError`).
 */
export async function answerFromTerminal<R, S>(handler: WorkflowHandler<R, S>, io: TerminalIO): Promise<R> {
  const rl = createInterface({ input: io.input, terminal: false });
  // The line iterator buffers, so answers piped in before their question is asked are not lost.
  const lines = rl[Symbol.asyncIterator]();
  // A terminal echoes what the user types; piped input does not, so show it to keep the transcript readable.
  const echo = !(io.input as { isTTY?: boolean }).isTTY;
  try {
    for await (const ev of handler.streamEvents()) {
      if (!(ev instanceof InputRequiredEvent)) continue;
      io.output.write(ev.prefix);
      const line = await lines.next();
      if (line.done) {
        io.output.write("\n");
        handler.cancel("the terminal closed before an answer was given");
        break;
      }
      if (echo) io.output.write(`${line.value}\n`);
      handler.ctx.sendEvent(new HumanResponseEvent({ response: line.value }));
    }
    return await handler;
  } finally {
    rl.close();
  }
}
