import { InMemoryStore } from "../src/index.js";
import { storeContract } from "./support/store-contract.js";

const shared = new InMemoryStore();
// Keeps objects, not text, so there is no stored text to corrupt.
storeContract("InMemoryStore", () => ({ open: async () => shared }), { corruptible: false });
