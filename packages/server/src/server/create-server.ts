import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { Runtime } from "@weft/workflows";
import { bearerToken } from "../http/bearer-token.js";
import { bodyLimit } from "../http/body-limit.js";
import { errorResponse, toErrorResponse } from "../http/http-error.js";
import { requestSpan } from "../http/request-span.js";
import { eventRoutes } from "../routes/event-routes.js";
import { handlerRoutes } from "../routes/handler-routes.js";
import { workflowRoutes } from "../routes/workflow-routes.js";
import { RunDriver, type ServableWorkflow } from "../runs/run-driver.js";
import { RunManager } from "../runs/run-manager.js";
import { openStore } from "../store/open-store.js";
import type { RunStore } from "../store/run-store.js";

export interface ServerOptions {
  /** The workflows to serve, by their `name`. */
  workflows: readonly ServableWorkflow[];
  /** A store, `memory`, a SQLite file path, or a `postgres://` URL. Default: the SQLite file `./.weft/weft.db`. */
  store?: RunStore | string;
  /**
   * With `store: "memory"`: how many ended runs to keep (the oldest ended are forgotten first, with their journals).
   * Default 10,000. A `MemoryStore` you create takes it as `new MemoryStore({ retain })`.
   */
  retain?: number;
  /** Requires `Authorization: Bearer <token>` on every route but `/health`. Default: `WEFT_SERVER_TOKEN`, else none. */
  token?: string;
  /** Largest request body of the server's own routes in bytes (then 413). Default 1 MB. Routes mounted on `app` set their own. */
  bodyLimit?: number;
  /**
   * Routes answered before the token check and the server's own middleware: static files only (Studio's page),
   * never anything that reads or changes runs.
   */
  publicRoutes?: Hono;
  /** Origins allowed to call from a browser. Default: none (no CORS headers at all). */
  corsOrigins?: readonly string[];
  /** Seconds a run may wait for an outside event before it leaves memory. Default 300. */
  idleTimeout?: number;
  /** Seconds between keep-alives on an idle event stream. Default 15. */
  heartbeat?: number;
  /** The clock in epoch milliseconds for records and idle release (tests move it). Default: `runtime`'s clock, else `Date.now`. */
  clock?: () => number;
  /**
   * Where runs take their time from (timeouts, retry delays, record times): its `clock` is used; its journals are not,
   * since every run journals into the server's store (that is how runs outlive the process). Default: the system clock.
   */
  runtime?: Runtime;
  /** Told about failures no request is waiting on (a store write that failed). Default: `console.error`. */
  onError?: (error: unknown) => void;
}

export interface ListenInfo {
  port: number;
  host: string;
  url: string;
}

export interface WeftServer {
  /** The Hono app: `app.request()` in tests, or mount it in another server. */
  readonly app: Hono;
  /** The runs this server owns. */
  readonly runs: RunManager;
  /** Resolves once the store is migrated and unfinished runs were resumed. */
  readonly ready: Promise<void>;
  /** Listens on `host` (default 127.0.0.1) and `port` (default 4000; 0 picks a free one). */
  listen(port?: number, host?: string): Promise<ListenInfo>;
  /** Stops listening, keeps every unfinished run in the store (a later server resumes it), closes the store. */
  close(): Promise<void>;
}

const MB = 1024 * 1024;

function noop(): void {}
/** Where the server's own routes live (the route files below). */
const OWN_ROUTES = ["/workflows/*", "/events/*", "/handlers/*"];

/** Serves workflows over HTTP: the LlamaIndex Workflows server's routes, runs kept in a store across restarts. */
export function createServer(options: ServerOptions): WeftServer {
  const report = options.onError ?? ((error: unknown) => console.error("[weft]", error));
  if (typeof options.store === "object" && options.retain !== undefined) {
    throw new TypeError("createServer: retain applies to store \"memory\"; give your own MemoryStore its retain instead (new MemoryStore({ retain }))");
  }
  const store = typeof options.store === "object" ? options.store : openStore(options.store ?? ".weft/weft.db", { retain: options.retain });
  const runtimeClock = options.runtime?.clock;
  const driver = new RunDriver(options.workflows, runtimeClock);
  const idleTimeoutMs = (options.idleTimeout ?? 300) * 1000;
  const runs = new RunManager(driver, store, { idleTimeoutMs, clock: options.clock ?? (runtimeClock && (() => runtimeClock.now())), onError: report });
  const ready = store.migrate().then(() => runs.resumeAll().then(() => undefined));
  ready.catch(() => undefined);
  const sweep = setInterval(() => {
    void runs.releaseIdle().catch(report);
    void runs.resumeFailed().catch(report);
  }, Math.min(idleTimeoutMs, 5000));
  sweep.unref();

  const app = new Hono();
  // Registered first, so they answer before any middleware below runs.
  if (options.publicRoutes) app.route("/", options.publicRoutes);
  const token = options.token ?? process.env.WEFT_SERVER_TOKEN;
  if (token) app.use("*", bearerToken(token));
  if (options.corsOrigins?.length) {
    app.use("*", cors({ origin: [...options.corsOrigins], allowHeaders: ["authorization", "content-type", "last-event-id", "traceparent"] }));
  }
  app.use("*", requestSpan());
  const limit = options.bodyLimit ?? MB;
  const limitBody = bodyLimit({ maxSize: limit, onError: (c) => errorResponse(c, 413, "payload_too_large", `The body is over the limit of ${limit} bytes`) });
  // Per route group, not "*": a route mounted next to these (Studio's OTLP receiver) keeps a limit of its own.
  for (const path of OWN_ROUTES) app.use(path, limitBody);
  // once ready, requests go straight on: no await (a few microtask turns) on every request
  let isReady = false;
  void ready.then(() => (isReady = true), noop);
  app.use("*", (_c, next) => (isReady ? next() : ready.then(next)));
  app.route("/", workflowRoutes(driver, runs));
  app.route("/", eventRoutes(runs, (options.heartbeat ?? 15) * 1000, report));
  app.route("/", handlerRoutes(runs));
  app.notFound((c) => errorResponse(c, 404, "not_found", `no route ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => toErrorResponse(error, c, report));

  let server: ServerType | undefined;
  return {
    app,
    runs,
    ready,
    async listen(port = 4000, host = "127.0.0.1") {
      await ready;
      return new Promise<ListenInfo>((resolve, reject) => {
        const s = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
          resolve({ port: info.port, host, url: `http://${host.includes(":") ? `[${host}]` : host}:${info.port}` });
        });
        s.once("error", reject);
        server = s;
      });
    },
    async close() {
      clearInterval(sweep);
      await ready.catch(() => undefined);
      await runs.close();
      if (server) {
        const s = server;
        (s as { closeAllConnections?: () => void }).closeAllConnections?.();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      await store.close();
    },
  };
}
