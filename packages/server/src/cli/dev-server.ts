import type { Studio } from "@weft/studio";
import { createServer, type ServerOptions, type WeftServer } from "../server/create-server.js";

/**
 * `weft dev`'s server: `weft serve`'s, with Studio's page open to all (static files, so a browser can load the page
 * that asks for the token) and Studio's API behind the token and body checks like every route of the server.
 */
export function createDevServer(studio: Studio, options: ServerOptions): WeftServer {
  const server = createServer({ ...options, publicRoutes: studio.page });
  server.app.route("/", studio.api);
  return server;
}
