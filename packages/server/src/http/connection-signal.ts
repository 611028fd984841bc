import { setMaxListeners } from "node:events";
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";

/** The one signal of each open connection (a socket's `close` aborts it). */
const signals = new WeakMap<object, AbortSignal>();

/** Made once: `abort()` with no reason builds a DOMException, stack trace and all, each time (~10 µs). */
const CLOSED = new DOMException("The client closed the connection", "AbortError");

/** What a connection needs here: to say when it closed. */
interface Closing {
  readonly destroyed: boolean;
  once(event: "close", listener: () => void): unknown;
}

/**
 * A signal that aborts when `socket` closes, the same one for every request it carries. Over HTTP/1.1 closing the
 * connection is the only way a client gives up a request, so one signal per connection says all a per-request one
 * would; and Node 20 takes ~10 µs to make an AbortSignal, which per request was 5% of `POST /run`'s server CPU.
 */
export function connectionSignal(socket: Closing): AbortSignal {
  let signal = signals.get(socket);
  if (!signal) {
    const controller = new AbortController();
    signal = controller.signal;
    // a client pipelining many requests adds one listener for each: no leak warning for what is cleaned up per request
    setMaxListeners(0, signal);
    if (socket.destroyed) controller.abort(CLOSED);
    else socket.once("close", () => controller.abort(CLOSED));
    signals.set(socket, signal);
  }
  return signal;
}

/**
 * Aborts when the client goes away: its connection's signal on @hono/node-server over HTTP/1.x, else the request's
 * own (HTTP/2 cancels a request without closing the connection; `app.request()` has no socket).
 */
export function clientGone(c: Context): AbortSignal {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming?.httpVersionMajor === 1 && incoming.socket) return connectionSignal(incoming.socket);
  return c.req.raw.signal;
}
