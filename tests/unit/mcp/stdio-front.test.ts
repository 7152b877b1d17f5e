import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PassThrough, Readable } from "node:stream";
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/server";
import { LEGACY_PROTOCOL_VERSIONS } from "../../../src/mcp/identity.ts";
import { StdioTransport } from "../../../src/mcp/stdio-transport.ts";
import { serveStdio } from "../../../src/stdio.ts";
import { initializeAnswer, StdioFront } from "../../../src/stdio-front.ts";
import { type Backend, startBackend } from "./harness.ts";

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(() => backend.stop());

/** stdin/stdout pipes; `lines` collects what was written to stdout, one raw line each. */
function pipes() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: string[] = [];
  let buffered = "";
  stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    lines.push(...parts);
  });
  const next = async (count: number) => {
    for (let i = 0; i < 500 && lines.length < count; i++) await Bun.sleep(10);
    return lines.slice(0, count);
  };
  return { stdin, stdout, lines, next };
}

/** A Node stream as the web stream Bun's stdin is. */
const web = (stream: PassThrough) => Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;

/** A front reading `io.stdin` as Bun's stdin stream and writing its answer to `io.stdout`. */
function frontOn(io: ReturnType<typeof pipes>, waitMs: number): StdioFront {
  const write = (text: string) => new Promise<unknown>((done) => io.stdout.write(text, done));
  return new StdioFront(false, web(io.stdin), write, waitMs);
}

/** The transport taking over from the front, as serveStdio makes it. */
const takeOver = async (io: ReturnType<typeof pipes>, front: StdioFront) =>
  new StdioTransport(await front.rest(), io.stdout, front);

/** The SDK's own answer line (the registry served without the front) to one opening message. */
async function sdkAnswer(message: unknown, demo: boolean): Promise<string> {
  const io = pipes();
  const served = serveStdio({ ...backend.deps, demo }, { transport: new StdioTransport(io.stdin, io.stdout) });
  io.stdin.write(`${JSON.stringify(message)}\n`);
  const [line = ""] = await io.next(1);
  io.stdin.end();
  await served;
  return line;
}

const initialize = (params: unknown, id: string | number = 1) => ({ jsonrpc: "2.0", id, method: "initialize", params });
const CLIENT = { name: "front-test", version: "1.0" };
const VERSIONS = [...SUPPORTED_PROTOCOL_VERSIONS, "2026-07-28", "2099-01-01", "", "1"];
const CAPABILITIES: Record<string, unknown> = {
  none: {},
  roots: { roots: { listChanged: true } },
  sampling: { sampling: { context: {}, tools: {} } },
  "elicitation {}": { elicitation: {} },
  elicitation: { elicitation: { form: { applyDefaults: true }, url: {} } },
  "apps extension": { extensions: { "io.modelcontextprotocol/ui": { mimeTypes: ["text/html;profile=mcp-app"] } } },
  experimental: { experimental: { anything: { x: 1 } } },
  unknown: { someday: { maybe: true } },
  all: {
    roots: { listChanged: false },
    sampling: {},
    elicitation: { form: {} },
    extensions: { "io.modelcontextprotocol/ui": {} },
    experimental: {},
  },
};

describe("the stdio front's initialize answer", () => {
  test("negotiates over the same 2025-era versions as the SDK", () => {
    expect(LEGACY_PROTOCOL_VERSIONS).toEqual(SUPPORTED_PROTOCOL_VERSIONS.filter((v) => v < "2026"));
    expect(LEGACY_PROTOCOL_VERSIONS[0]).toBe(LATEST_PROTOCOL_VERSION);
  });

  for (const demo of [false, true]) {
    test(`is byte for byte the SDK's, for every protocol version and client capability set (demo: ${demo})`, async () => {
      for (const version of VERSIONS) {
        for (const [name, capabilities] of Object.entries(CAPABILITIES)) {
          const message = initialize(
            { protocolVersion: version, capabilities, clientInfo: CLIENT },
            `${name}@${version}`,
          );
          const front = initializeAnswer(JSON.stringify(message), demo);
          expect({ version, name, line: front?.text }).toEqual({
            version,
            name,
            line: `${await sdkAnswer(message, demo)}\n`,
          });
        }
      }
    });
  }

  test("leaves to the SDK what it cannot vouch for, and the SDK refuses those", async () => {
    const refused = [
      { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x" } },
      { protocolVersion: 20250618, capabilities: {}, clientInfo: CLIENT },
      { protocolVersion: "2025-06-18", clientInfo: CLIENT },
      { protocolVersion: "2025-06-18", capabilities: { roots: { listChanged: "yes" } }, clientInfo: CLIENT },
      { protocolVersion: "2025-06-18", capabilities: { sampling: [] }, clientInfo: CLIENT },
      {
        protocolVersion: "2025-06-18",
        capabilities: { elicitation: { form: { applyDefaults: 1 } } },
        clientInfo: CLIENT,
      },
      { protocolVersion: "2025-06-18", capabilities: { experimental: { x: 1 } }, clientInfo: CLIENT },
      { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { ...CLIENT, title: 5 } },
    ];
    for (const params of refused) {
      const message = initialize(params);
      expect(initializeAnswer(JSON.stringify(message), false)).toBeUndefined();
      expect(JSON.parse(await sdkAnswer(message, false))).toMatchObject({ id: 1, error: { code: -32602 } });
    }
    // Accepted by the SDK perhaps, but not vouched for by the front: a _meta envelope, icons, tasks, an odd id.
    const plain = { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: CLIENT };
    for (const message of [
      initialize({ ...plain, _meta: { progressToken: 1 } }),
      initialize({ ...plain, clientInfo: { ...CLIENT, icons: [] } }),
      initialize({ ...plain, capabilities: { tasks: {} } }),
      initialize(plain, 1.5),
      { jsonrpc: "2.0", method: "initialize", params: plain },
      { jsonrpc: "2.0", id: 1, method: "server/discover", params: {} },
    ]) {
      expect(initializeAnswer(JSON.stringify(message), false)).toBeUndefined();
    }
    expect(initializeAnswer("not json", false)).toBeUndefined();
    expect(initializeAnswer(`${"[".repeat(200)}${"]".repeat(200)}`, false)).toBeUndefined();
  });
});

describe("StdioFront hand-off", () => {
  const INIT = `${JSON.stringify(initialize({ protocolVersion: "2025-06-18", capabilities: {}, clientInfo: CLIENT }))}\n`;
  const line = (m: unknown) => `${JSON.stringify(m)}\n`;

  test("answers initialize before the SDK exists; the SDK then serves everything else in order, once each", async () => {
    const io = pipes();
    const front = frontOn(io, 5000);
    // Split across chunks, with the next messages already behind it.
    io.stdin.write(INIT.slice(0, 30));
    io.stdin.write(INIT.slice(30) + line({ jsonrpc: "2.0", method: "notifications/initialized" }));
    await front.ready;
    const [answer] = await io.next(1);
    expect(JSON.parse(answer ?? "")).toMatchObject({ id: 1, result: { protocolVersion: "2025-06-18" } });
    // Sent while the rest is "loading": queued by the front, not lost.
    for (let id = 2; id <= 4; id++) io.stdin.write(line({ jsonrpc: "2.0", id, method: "ping" }));
    const served = serveStdio(backend.deps, { transport: await takeOver(io, front) });
    io.stdin.write(line({ jsonrpc: "2.0", id: 5, method: "tools/list" }));
    const all = await io.next(5);
    expect(all[0]).toBe(answer);
    expect(all.slice(1).map((l) => JSON.parse(l).id)).toEqual([2, 3, 4, 5]);
    expect(JSON.parse(all[4] ?? "").result.tools.length).toBeGreaterThan(0);
    await Bun.sleep(50);
    expect(io.lines).toHaveLength(5);
    io.stdin.end();
    await served;
  });

  test("a first message that is not a plain initialize is left wholly to the SDK", async () => {
    const io = pipes();
    const front = frontOn(io, 5000);
    io.stdin.write(`not json\n${INIT}`);
    await front.ready;
    await Bun.sleep(20);
    expect(io.lines).toHaveLength(0);
    const served = serveStdio(backend.deps, { transport: await takeOver(io, front) });
    const [parse, init] = (await io.next(2)).map((l) => JSON.parse(l));
    expect(parse).toMatchObject({ id: null, error: { code: -32700 } });
    expect(init).toMatchObject({ id: 1, result: { serverInfo: { name: "odoo-mcp" } } });
    io.stdin.end();
    await served;
  });

  test("ready settles after the wait when nothing arrives, and a later initialize is still answered once", async () => {
    const io = pipes();
    const front = frontOn(io, 10);
    await front.ready;
    io.stdin.write(INIT);
    await io.next(1);
    const served = serveStdio(backend.deps, { transport: await takeOver(io, front) });
    io.stdin.write(line({ jsonrpc: "2.0", id: 2, method: "ping" }));
    const all = await io.next(2);
    expect(all.map((l) => JSON.parse(l).id)).toEqual([1, 2]);
    await Bun.sleep(50);
    expect(io.lines).toHaveLength(2);
    io.stdin.end();
    await served;
  });

  test("ready settles only once the answer is written, so nothing the SDK writes can come before it", async () => {
    const io = pipes();
    let written = "";
    const write = async (text: string) => {
      await Bun.sleep(50);
      written = text;
    };
    const front = new StdioFront(false, web(io.stdin), write, 5000);
    io.stdin.write(INIT);
    await front.ready;
    expect(JSON.parse(written)).toMatchObject({ id: 1, result: { protocolVersion: "2025-06-18" } });
    io.stdin.end();
  });

  test("an answer the front is still writing at the hand-off comes before anything the SDK writes", async () => {
    const io = pipes();
    // The wait ends before initialize arrives, so nothing waits for the front's (slow) write but the transport.
    const write = async (text: string) => {
      await Bun.sleep(100);
      io.stdout.write(text);
    };
    const front = new StdioFront(false, web(io.stdin), write, 10);
    await front.ready;
    io.stdin.write(INIT);
    await Bun.sleep(20);
    const served = serveStdio(backend.deps, { transport: await takeOver(io, front) });
    io.stdin.write(line({ jsonrpc: "2.0", id: 2, method: "ping" }));
    const all = await io.next(2);
    expect(all.map((l) => JSON.parse(l).id)).toEqual([1, 2]);
    io.stdin.end();
    await served;
  });

  test("stdin that ended before the hand-off ends the session once the SDK serves, after what was read", async () => {
    const io = pipes();
    const front = frontOn(io, 5000);
    io.stdin.write(INIT + line({ jsonrpc: "2.0", id: 2, method: "ping" }));
    io.stdin.end();
    await front.ready;
    await Bun.sleep(20);
    const served = serveStdio(backend.deps, { transport: await takeOver(io, front) });
    await served;
    expect(io.lines.map((l) => JSON.parse(l).id)).toEqual([1, 2]);
  });

  test("stdin is read no faster than the transport takes it: the front stops pulling while the SDK holds back", async () => {
    // An endless client that never reads its answers: stdout fills, the transport pauses its input.
    let pulls = 0;
    const batch = Buffer.from(
      Array.from({ length: 100 }, (_, i) => line({ jsonrpc: "2.0", id: 1000 + i, method: "ping" })).join(""),
    );
    const stdin = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          await Bun.sleep(1);
          pulls += 1;
          controller.enqueue(pulls === 1 ? Buffer.concat([Buffer.from(INIT), batch]) : batch);
        },
      },
      { highWaterMark: 0 },
    );
    const stdout = new PassThrough();
    const front = new StdioFront(false, stdin, (text) => new Promise((done) => stdout.write(text, done)), 5000);
    await front.ready;
    const rest = await front.rest();
    const served = serveStdio(backend.deps, { transport: new StdioTransport(rest, stdout, front) });
    let held = -1;
    for (let i = 0; i < 20 && held !== pulls; i++) {
      held = pulls;
      await Bun.sleep(300);
    }
    expect(pulls).toBe(held);
    // Bounded by the pipes' buffers (tens of KiB each here), not by what the client sends.
    expect(held * 100).toBeLessThan(20_000);
    stdout.resume();
    await Bun.sleep(200);
    expect(pulls).toBeGreaterThan(held);
    rest.destroy();
    await served;
  });
});
