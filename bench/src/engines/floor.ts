import { CHAIN_STEPS, type Engine } from "./engine.js";

/**
 * The floor: the same work as plain async functions, with no engine at all. Nothing can be faster than this in
 * Node, so it shows how much of each engine's time is the engine.
 */
async function step(n: number): Promise<number> {
  return n + 1;
}

async function chainRun(): Promise<number> {
  let n = 0;
  for (let i = 0; i < CHAIN_STEPS; i++) n = await step(n);
  return n;
}

async function work(i: number): Promise<number> {
  return i * 2;
}

async function threeSteps(): Promise<number> {
  return step(await step(await step(0)));
}

export const floorEngine: Engine = {
  name: "floor",
  async chain(runs) {
    let sum = 0;
    for (let r = 0; r < runs; r++) sum += await chainRun();
    return sum;
  },
  async fanOut(n) {
    const pending: Promise<number>[] = new Array(n);
    for (let i = 0; i < n; i++) pending[i] = work(i);
    const results = await Promise.all(pending);
    let sum = 0;
    for (const v of results) sum += v;
    return sum;
  },
  async concurrent(runs) {
    const pending: Promise<number>[] = new Array(runs);
    for (let r = 0; r < runs; r++) pending[r] = threeSteps();
    return (await Promise.all(pending)).reduce((a, b) => a + b, 0);
  },
  async hold(runs, gate, arrived) {
    const one = async (): Promise<number> => {
      let n = await step(0);
      arrived();
      await gate;
      n = await step(n);
      return step(n);
    };
    const pending: Promise<number>[] = new Array(runs);
    for (let r = 0; r < runs; r++) pending[r] = one();
    return (await Promise.all(pending)).reduce((a, b) => a + b, 0);
  },
};
