import { createServer, MemoryStore } from "../src/index.js";
import { askFlow, failing, threeSteps } from "./fixtures/workflows.js";
import { describeRouteContract } from "./support/route-contract.js";

describeRouteContract(
  "runs in the server's store",
  async () => createServer({ workflows: [threeSteps, askFlow, failing], store: new MemoryStore() }),
  (server) => server.close(),
);
