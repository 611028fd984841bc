import { defineConfig } from "tsup";
import base from "../../tsup.base.config";

/** Three entry points: the server, the browser-safe client, and the `weft` command. */
export default defineConfig({
  ...(base as object),
  entry: { index: "src/index.ts", "client/index": "src/client/index.ts", "cli/weft": "src/cli/weft.ts" },
});
