import { defineConfig } from "tsup";
import base from "../../tsup.base.config";

export default defineConfig({
  ...(base as object),
  entry: { index: "src/index.ts" },
});
