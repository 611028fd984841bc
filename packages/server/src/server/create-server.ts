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
import { isRunOwner, type RunOwner, type ServerRuns } from "../runs/server-runs.js";
import { openStore } from "../store/open-store.js";
import type { RunStore } from "../store/run-store.js";

export interface ServerOptions {
  /** The workflows to serve, by their `name`. */
  workflows: readonly ServableWorkflow[];
  /**
   * A store, `memory`, a SQLite file path, or a `postgres://` URL. Default: the SQLite file `./.weft/weft.db`. Not
   * with a `runtime` that owns runs: their records live in the runtime's database.
   */
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
   * Where runs execute. A runtime that owns runs (`RunOwner`: `DBOSRuntime`) runs, records and keeps them, and the
   * server keeps no run state of its own (no `store`, no idle release, no resume). Any other runtime gives its
   * `clock` (timeouts, retry delays, record times) but not its journals, since every run journals into the server's
   * store (that is how runs outlive the process). Default: the system clock.
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

/** `Runs`: `RunManager` when the server owns its runs, the runtime's `ServerRuns` when a `RunOwner` does. */
export interface WeftServer<Runs extends ServerRuns = RunManager> {
  /** The Hono app: `app.request()` in tests, or mount it in another server. */
  readonly app: Hono;
  /** The runs the routes serve. */
  readonly runs: Runs;
  /** Resolves once the store is migrated and unfinished runs were resumed (at once when a runtime owns the runs). */
  readonly ready: Promise<void>;
  /** Listens on `host` (default 127.0.0.1) and `port` (default 4000; 0 picks a free one). */
  listen(port?: number, host?: string): Promise<ListenInfo>;
  /**
   * Stops listening, keeps every unfinished run in the store (a later server resumes it), closes the store. A runtime
   * that owns the runs stays open (its runs go on): close it after.
   */
  close(): Promise<void>;
}

const MB = 1024 * 1024;

function noop(): void {}
/** Where the server's own routes live (the route files below). */
const OWN_ROUTES = ["/workflows/*", "/events/*", "/handlers/*"];

/**
 * Serves workflows over HTTP: the LlamaIndex Workflows server's routes, runs kept in a store across restarts, or
 * owned by the `runtime` when it owns runs (`DBOSRuntime`: any number of servers and workers share them).
 */
export function createServer(options: ServerOptions & { runtime: Runtime & RunOwner }): WeftServer<ServerRuns>;
/** (A runtime typed only as `Runtime` is taken for one that does not own runs: type it as what it is.) */
export function createServer(options: ServerOptions): WeftServer;
export function createServer(options: ServerOptions): WeftServer<ServerRuns> {
  const report = options.onError ?? ((error: unknown) => console.error("[weft]", error));
  const runtimeClock = options.runtime?.clock;
  const driver = new RunDriver(options.workflows, runtimeClock);
  const owner = isRunOwner(options.runtime) ? options.runtime : undefined;
  if (owner && options.store !== undefined) {
    throw new TypeError("createServer: `store` was given with a `runtime` that owns runs (its database keeps them): leave `store` out");
  }
  const own = owner ? undefined : ownRuns(driver, options, report);
  const runs: ServerRuns = owner ? owner.serverRuns(driver.names()) : own!.runs;
  const ready = own?.ready ?? Promise.resolve();

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
      if (own) clearInterval(own.sweep);
      await ready.catch(() => undefined);
      await runs.close();
      if (server) {
        const s = server;
        (s as { closeAllConnections?: () => void }).closeAllConnections?.();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      await own?.store.close();
    },
  };
}

/** The server's own runs: its store, the resume of what an earlier process left, and the idle release. */
function ownRuns(driver: RunDriver, options: ServerOptions, report: (error: unknown) => void) {
  if (typeof options.store === "object" && options.retain !== undefined) {
    throw new TypeError("createServer: retain applies to store \"memory\"; give your own MemoryStore its retain instead (new MemoryStore({ retain }))");
  }
  const store = typeof options.store === "object" ? options.store : openStore(options.store ?? ".weft/weft.db", { retain: options.retain });
  const runtimeClock = options.runtime?.clock;
  const idleTimeoutMs = (options.idleTimeout ?? 300) * 1000;
  const runs = new RunManager(driver, store, { idleTimeoutMs, clock: options.clock ?? (runtimeClock && (() => runtimeClock.now())), onError: report });
  const ready = store.migrate().then(() => runs.resumeAll().then(() => undefined));
  ready.catch(() => undefined);
  const sweep = setInterval(() => {
    void runs.releaseIdle().catch(report);
    void runs.resumeFailed().catch(report);
  }, Math.min(idleTimeoutMs, 5000));
  sweep.unref();
  return { store, runs, ready, sweep };
}
