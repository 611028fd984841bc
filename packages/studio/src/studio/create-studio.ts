import { Hono } from "hono";
import { otlpRoute } from "../routes/otlp-route.js";
import { pageRoutes } from "../routes/page-routes.js";
import { traceRoutes } from "../routes/trace-routes.js";
import { StudioSpanProcessor } from "../spans/studio-span-processor.js";
import { MemoryTraceStore } from "../store/memory-trace-store.js";
import { SqliteTraceStore } from "../store/sqlite-trace-store.js";
import type { TraceRetention, TraceStore } from "../store/trace-store.js";
import { findAssets } from "./find-assets.js";

export interface StudioOptions extends TraceRetention {
  /** A trace store, `"memory"`, or a SQLite file. Default: `.weft/traces.db`. */
  traces?: TraceStore | string;
  /** Largest OTLP request accepted, before and after gzip, in bytes. Default 4 MB. */
  maxOtlpBytes?: number;
  /** The built page's folder. Default: this package's `dist/page`. */
  assetsDir?: string;
}

export interface Studio {
  /** `page` and `api` together: mount it at `/` on a server that has no token. */
  readonly app: Hono;
  /** The page at `/` and its static assets: files only, so a server may answer them without its token. */
  readonly page: Hono;
  /** `POST /v1/traces` and the trace routes under `/studio/api`: behind the server's token like its own routes. */
  readonly api: Hono;
  readonly store: TraceStore;
  /** Records this process's spans into `store`; pass it to the tracer provider (see `registerStudioTracing`). */
  readonly spanProcessor: StudioSpanProcessor;
  /** Writes pending spans and closes the store. */
  close(): Promise<void>;
}

/** Studio as a Hono app over a local trace store; the server's `weft dev` mounts it next to its own routes. */
export function createStudio(options: StudioOptions = {}): Studio {
  const traces = options.traces ?? ".weft/traces.db";
  const store = typeof traces === "object" ? traces : traces === "memory" ? new MemoryTraceStore(options) : new SqliteTraceStore(traces, options);
  const spanProcessor = new StudioSpanProcessor(store);
  const page = pageRoutes(options.assetsDir ?? findAssets());
  const api = new Hono();
  api.route("/", traceRoutes(store));
  api.route("/", otlpRoute(store, options.maxOtlpBytes ?? 4 * 1024 * 1024));
  const app = new Hono();
  app.route("/", page);
  app.route("/", api);
  return {
    app,
    page,
    api,
    store,
    spanProcessor,
    async close() {
      await spanProcessor.forceFlush();
      store.close();
    },
  };
}
