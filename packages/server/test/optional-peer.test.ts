import { expect, it } from "vitest";
import { loadOptional } from "../src/store/load-optional.js";

it("names the optional package to install when it is absent, and passes other failures on as they are", async () => {
  // a real import of a package that is not installed: Node's own error, as a server without pg would get it
  const absent = "weft-absent-optional-peer";
  await expect(loadOptional(absent, "a postgres:// store", () => import(absent))).rejects.toThrow(
    `a postgres:// store needs the "${absent}" package, which is not installed: npm install ${absent}`,
  );
  const broken = Object.assign(new Error("Cannot find package 'other-dependency'"), { code: "ERR_MODULE_NOT_FOUND" });
  await expect(loadOptional(absent, "a postgres:// store", () => Promise.reject(broken))).rejects.toBe(broken);
  expect(await loadOptional<{ default: { Pool: unknown } }>("pg", "a postgres:// store", () => import("pg"))).toHaveProperty("default.Pool");
});
