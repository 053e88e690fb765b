import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openLowdbStore, STORE_FILE_NAME } from "../../src/adapters/storage/lowdb-store.js";
import { StorageError } from "../../src/core/errors.js";
import { put, remove, type Store } from "../../src/core/ports/store.js";
import { meta, request, storeConformance } from "./store.conformance.js";

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "pim-lowdb-"));
  tempDirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

storeConformance("LowdbStore", async () => openLowdbStore({ dataDir: await tempDir() }));

describe("LowdbStore — durability", () => {
  const stores: Store[] = [];
  const open = async (dataDir: string) => {
    const store = await openLowdbStore({ dataDir });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it("starts empty when the data directory does not exist yet, and creates it on open", async () => {
    const dataDir = path.join(await tempDir(), "nested", "data");
    const store = await open(dataDir);
    expect(await store.find("requests")).toEqual([]);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it("finds everything that was acknowledged after reopening", async () => {
    const dataDir = await tempDir();
    const first = await open(dataDir);
    await first.commit([put("requests", request("r1")), put("meta", meta("keep", "k")), put("meta", meta("drop", "d"))]);
    await first.commit([put("requests", { ...request("r1"), version: 1, state: "approved" }), remove("meta", "drop", 1)]);
    await first.close();

    const reopened = await open(dataDir);
    expect(await reopened.get("requests", "r1")).toEqual({ ...request("r1"), version: 2, state: "approved" });
    expect(await reopened.get("meta", "keep")).toEqual(meta("keep", "k", 1));
    expect(await reopened.get("meta", "drop")).toBeUndefined();
    await expect(reopened.commit([put("requests", { ...request("r1"), version: 1 })])).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("has every acknowledged commit on disk without being closed", async () => {
    const dataDir = await tempDir();
    const writer = await open(dataDir);
    await writer.commit([put("meta", meta("ack", "yes"))]);

    const reader = await open(dataDir);
    expect(await reader.get("meta", "ack")).toEqual(meta("ack", "yes", 1));
  });

  it("persists the documented file shape", async () => {
    const dataDir = await tempDir();
    const store = await open(dataDir);
    await store.commit([put("meta", meta("m", 42))]);
    const onDisk = JSON.parse(await readFile(path.join(dataDir, STORE_FILE_NAME), "utf8"));
    expect(onDisk).toEqual({ schemaVersion: 1, collections: { meta: { m: { id: "m", version: 1, value: 42 } } } });
  });

  it("leaves no temporary files behind after many commits", async () => {
    const dataDir = await tempDir();
    const store = await open(dataDir);
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.commit([put("meta", meta(`m${i}`, i))])));
    expect(await readdir(dataDir)).toEqual([STORE_FILE_NAME]);
    expect(await store.find("meta")).toHaveLength(25);
  });

  it("keeps the last acknowledged state in memory and on disk when a write fails", async () => {
    const dataDir = await tempDir();
    const store = await open(dataDir);
    await store.commit([put("meta", meta("m", "acknowledged"))]);
    const file = path.join(dataDir, STORE_FILE_NAME);
    const acknowledged = await readFile(file);
    // A directory where the file should be makes the final rename fail, with no mock involved.
    await rm(file);
    await mkdir(file);
    await writeFile(path.join(file, "occupied"), "");

    await expect(store.commit([put("meta", meta("m", "lost", 1))])).rejects.toThrow();
    expect(await store.get("meta", "m")).toEqual(meta("m", "acknowledged", 1));
    expect(await readdir(dataDir)).toEqual([STORE_FILE_NAME]);

    await rm(file, { recursive: true });
    await writeFile(file, acknowledged);
    await store.commit([put("meta", meta("m", "after recovery", 1))]);
    expect(await store.get("meta", "m")).toEqual(meta("m", "after recovery", 2));
  });
});

describe("LowdbStore — corrupted file", () => {
  const cases: Array<[string, Buffer, RegExp]> = [
    ["garbage bytes", Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x37, 0x80, 0x7b]), /not valid UTF-8/],
    ["truncated JSON", Buffer.from('{"schemaVersion":1,"collections":{"meta":{"m":{"id":"m","vers'), /not valid JSON/],
    ["an empty file", Buffer.alloc(0), /is empty/],
    ["a wrong schemaVersion", Buffer.from('{"schemaVersion":2,"collections":{}}'), /schemaVersion 2/],
    ["a missing schemaVersion", Buffer.from('{"collections":{}}'), /schemaVersion \(missing\)/],
    ["collections of the wrong type", Buffer.from('{"schemaVersion":1,"collections":[]}'), /expected shape/],
    ["a document without a version", Buffer.from('{"schemaVersion":1,"collections":{"meta":{"m":{"id":"m"}}}}'), /expected shape/],
    ["a document filed under another id", Buffer.from('{"schemaVersion":1,"collections":{"meta":{"a":{"id":"b","version":1}}}}'), /meta\/a whose id field is "b"/],
    ["a JSON array", Buffer.from("[]"), /expected shape/],
    ["JSON null", Buffer.from("null\n"), /JSON null/],
    ["JSON false", Buffer.from("false"), /expected shape/],
    ["JSON 0", Buffer.from("0"), /expected shape/],
    ["an empty JSON string", Buffer.from('""'), /expected shape/],
  ];

  it.each(cases)("refuses to open %s with STORE_CORRUPTED and leaves the file as it was", async (_name, bytes, reason) => {
    const dataDir = await tempDir();
    const file = path.join(dataDir, STORE_FILE_NAME);
    await writeFile(file, bytes);

    const opening = openLowdbStore({ dataDir });
    await expect(opening).rejects.toBeInstanceOf(StorageError);
    await expect(opening).rejects.toMatchObject({ code: "STORE_CORRUPTED", details: { file } });
    const error = await opening.catch((e: Error) => e);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(reason);

    expect(await readFile(file)).toEqual(bytes);
    expect(await readdir(dataDir)).toEqual([STORE_FILE_NAME]);
  });
});
