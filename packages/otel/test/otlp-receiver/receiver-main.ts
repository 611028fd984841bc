// A real OTLP/HTTP trace receiver, run as its own process by the end-to-end tests:
//   node --import tsx receiver-main.ts [--port N] [--reject-json] [--hang]
// POST /v1/traces takes application/x-protobuf and application/json (gzip or not). What arrived is
// queryable: GET /spans, GET /requests; POST /reset forgets it. --reject-json answers JSON with 415,
// as Arize Phoenix does; --hang accepts requests and never answers them (a stuck backend).
// The first stdout line is {"port":N}.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";
import {
  OtlpDecodeError,
  decodeJsonRequest,
  decodeProtobufRequest,
  encodeSuccessResponse,
} from "./decode-otlp-traces.js";
import type { ReceivedRequest, ReceivedSpan } from "./received-span.js";

const args = process.argv.slice(2);
const portArg = args.indexOf("--port");
const port = portArg >= 0 ? Number(args[portArg + 1]) : 0;
const rejectJson = args.includes("--reject-json");
const hang = args.includes("--hang");

const spans: ReceivedSpan[] = [];
const requests: ReceivedRequest[] = [];
let pending = 0;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Uint8Array): void {
  res.writeHead(status, { "content-type": contentType });
  res.end(body);
}

function sendJson(res: ServerResponse, value: unknown): void {
  send(res, 200, "application/json", JSON.stringify(value));
}

async function receiveTraces(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  const record: ReceivedRequest = { contentType, status: 0, spans: 0 };
  requests.push(record);
  const reply = (status: number, type: string, body: string | Uint8Array, error?: string): void => {
    record.status = status;
    if (error) record.error = error;
    send(res, status, type, body);
  };
  let body = await readBody(req);
  if (hang) {
    pending++;
    return;
  }
  if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
  const isJson = contentType === "application/json";
  if (contentType !== "application/x-protobuf" && !isJson) {
    return reply(415, "text/plain", `unsupported content type "${contentType}"`, "unsupported content type");
  }
  if (isJson && rejectJson) {
    return reply(415, "text/plain", "this receiver accepts only application/x-protobuf", "JSON rejected");
  }
  try {
    const received = isJson ? decodeJsonRequest(body) : decodeProtobufRequest(body);
    spans.push(...received);
    record.spans = received.length;
    reply(200, isJson ? "application/json" : "application/x-protobuf", encodeSuccessResponse(isJson ? "json" : "protobuf"));
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw error;
    reply(400, "text/plain", error.message, error.message);
  }
}

const server = createServer((req, res) => {
  const path = (req.url ?? "/").split("?")[0];
  const route = `${req.method} ${path}`;
  const handle = async (): Promise<void> => {
    switch (route) {
      case "POST /v1/traces":
        return receiveTraces(req, res);
      case "GET /spans":
        return sendJson(res, spans);
      case "GET /requests":
        return sendJson(res, { requests, pending });
      case "POST /reset":
        spans.length = 0;
        requests.length = 0;
        return sendJson(res, { ok: true });
      default:
        return send(res, 404, "text/plain", `no route ${route}`);
    }
  };
  handle().catch((error: unknown) => {
    process.stderr.write(`receiver error on ${route}: ${String(error)}\n`);
    if (!res.headersSent) send(res, 500, "text/plain", String(error));
  });
});

server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  process.stdout.write(`${JSON.stringify({ port: actual })}\n`);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => process.exit(0));
