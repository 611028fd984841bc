import type { WeftClient } from "../../src/client/index.js";

/** The run's record once it has ended; throws when it has not within `tries` × 50 ms. */
export async function pollEnded(client: WeftClient, id: string, tries = 200) {
  for (let i = 0; i < tries; i++) {
    const record = await client.handler(id);
    if (["completed", "failed", "cancelled"].includes(record.status)) return record;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${id} did not end`);
}
