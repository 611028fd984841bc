import { gunzipSync } from "node:zlib";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { decodeOtlpProtobuf } from "../otlp/decode-otlp-protobuf.js";
import { OtlpDecodeError } from "../otlp/otlp-decode-error.js";
import { spansFromOtlp } from "../otlp/spans-from-otlp.js";
import type { TraceStore } from "../store/trace-store.js";
import { studioError } from "./studio-error.js";

const EMPTY = new Uint8Array(0);

function body(raw: Uint8Array, encoding: string | undefined, maxBytes: number): Uint8Array {
  if (!encoding || encoding === "identity") return raw;
  if (encoding !== "gzip") throw new OtlpDecodeError(`content-encoding "${encoding}" is not supported (gzip or none)`);
  try {
    // The limit holds for the unzipped size too, so a small bomb cannot fill memory.
    return gunzipSync(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    throw new OtlpDecodeError(`the gzip body could not be read: ${(error as Error).message}`);
  }
}

/** `POST /v1/traces`: OTLP/HTTP in protobuf or JSON (optionally gzip), as any OpenTelemetry exporter sends it. */
export function otlpRoute(store: TraceStore, maxBytes: number): Hono {
  const app = new Hono();
  // Refused while it streams in, so a huge body is never held whole (the server in front may have a limit of its own).
  const limit = bodyLimit({ maxSize: maxBytes, onError: (c) => studioError(c, 413, "payload_too_large", `the body is over the limit of ${maxBytes} bytes`) });
  app.post("/v1/traces", limit, async (c: Context) => {
    const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
    const protobuf = type === "application/x-protobuf" || type === "application/protobuf";
    if (!protobuf && type !== "application/json") {
      return studioError(c, 415, "unsupported_media_type", `content-type must be application/x-protobuf or application/json, got "${type}"`);
    }
    const raw = new Uint8Array(await c.req.arrayBuffer());
    try {
      const bytes = body(raw, c.req.header("content-encoding")?.toLowerCase(), maxBytes);
      let request: unknown;
      if (protobuf) request = decodeOtlpProtobuf(bytes);
      else {
        try {
          request = JSON.parse(new TextDecoder().decode(bytes));
        } catch (error) {
          throw new OtlpDecodeError(`the body is not JSON: ${(error as Error).message}`);
        }
      }
      store.add(spansFromOtlp(request));
    } catch (error) {
      if (error instanceof OtlpDecodeError) return studioError(c, 400, "bad_request", error.message);
      throw error;
    }
    // An empty ExportTraceServiceResponse: no partial success to report.
    return protobuf ? c.body(EMPTY, 200, { "content-type": "application/x-protobuf" }) : c.json({});
  });
  return app;
}
