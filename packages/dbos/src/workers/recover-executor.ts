import { DBOS } from "@dbos-inc/dbos-sdk";

/**
 * Hands a dead executor's unfinished (PENDING) DBOS workflows back to their queues with `DBOS.resumeWorkflows`,
 * DBOS's public API for this: the next living worker to poll a queue takes the run and rebuilds it from its journal.
 * `queueOf` names the queue of a DBOS workflow (undefined: not a Weft run, left alone).
 */
export async function recoverExecutor(executorId: string, queueOf: (dbosWorkflowName: string) => string | undefined): Promise<void> {
  const stranded = await DBOS.listWorkflows({ executorId, status: "PENDING", loadInput: false, loadOutput: false });
  const byQueue = new Map<string, string[]>();
  for (const status of stranded) {
    const queue = status.queueName ?? queueOf(status.workflowName);
    if (queue === undefined) continue;
    let ids = byQueue.get(queue);
    if (!ids) byQueue.set(queue, (ids = []));
    ids.push(status.workflowID);
  }
  for (const [queueName, ids] of byQueue) await DBOS.resumeWorkflows(ids, { queueName });
}
