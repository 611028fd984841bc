import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { killHard, startWeft, type WeftProcess } from "./support/weft-process.js";

const procs: WeftProcess[] = [];
afterAll(async () => {
  for (const p of procs) await killHard(p);
});

it("weft serve loads a JavaScript module, serves its workflows on 127.0.0.1, and requires --token on all but /health", async () => {
  const module = fileURLToPath(new URL("./fixtures/plain-flow.js", import.meta.url));
  const proc = await startWeft([module, "--port", "0", "--store", ":memory:", "--token", "let-me-in"], {});
  procs.push(proc);
  expect(proc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect((await fetch(`${proc.url}/health`)).status).toBe(200);
  expect((await fetch(`${proc.url}/workflows`)).status).toBe(401);
  const auth = { authorization: "Bearer let-me-in", "content-type": "application/json" };
  expect(await (await fetch(`${proc.url}/workflows`, { headers: auth })).json()).toEqual({ workflows: ["Echo"] });
  const res = await fetch(`${proc.url}/workflows/Echo/run`, { method: "POST", headers: auth, body: JSON.stringify({ start_event: { text: "hi" } }) });
  expect(await res.json()).toMatchObject({ status: "completed", result: "hi" });
});

it("weft serve refuses an unknown option, naming it", async () => {
  await expect(startWeft(["x.js", "--prot", "1"], {})).rejects.toThrow("unknown option --prot");
});

it("weft serve --runtime takes only dbos, only with a postgres:// --store and no --idle-timeout, saying so", async () => {
  const module = fileURLToPath(new URL("./fixtures/plain-flow.js", import.meta.url));
  await expect(startWeft([module, "--runtime", "temporal"], {})).rejects.toThrow('--runtime must be dbos (got "temporal"');
  await expect(startWeft([module, "--runtime", "dbos", "--store", "runs.db"], {})).rejects.toThrow('--store must be a postgres:// URL: DBOS keeps runs in PostgreSQL (got "runs.db")');
  await expect(startWeft([module, "--runtime", "dbos", "--store", "postgres://x/y", "--idle-timeout", "5"], {})).rejects.toThrow("--idle-timeout does not apply with --runtime dbos");
});
