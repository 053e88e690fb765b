import { createMemoryStore } from "../../src/adapters/storage/memory-store.js";
import { storeConformance } from "./store.conformance.js";

storeConformance("MemoryStore", async () => createMemoryStore());
