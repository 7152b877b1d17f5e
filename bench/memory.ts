// Resident memory: the stdio server idle and after 200 calls (beside a compiled Bun program that only waits), and the
// HTTP server holding 1,000 /events streams, then 1,000 subscriptions as well.
import { request } from "node:http";
import { connect } from "node:net";
import { type BenchContext, idleProgram, type Row, rssMiB, type Section, serverCommand } from "./lib.ts";
import { httpServer, target } from "./odoo.ts";
import { searchRead, stdioClient } from "./percall.ts";

const STREAMS = 1000;

/**
 * Opens one `/events` stream over its own socket (fetch allows only 256 requests in flight), from the loopback
 * address `from` (the server caps streams per client address at 128), and resolves once the connection/established
 * event has arrived.
 */
function openStream(base: string, clientId: string, from: string): Promise<{ end(): void }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    let seen = "";
    const socket = connect({ host: url.hostname, port: Number(url.port), localAddress: from }, () => {
      socket.write(
        `GET /events?client_id=${clientId} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n\r\n`,
      );
    });
    socket.on("data", (data) => {
      seen += data.toString();
      if (seen.includes("connection/established")) resolve({ end: () => socket.destroy() });
      else if (/^HTTP\/1\.1 [^2]/.test(seen)) reject(new Error(seen.slice(0, 200)));
    });
    socket.on("error", reject);
  });
}

/** The loopback address client i speaks from (a client id belongs to the address that opened its stream). */
const fromAddress = (i: number) => `127.0.0.${2 + Math.floor(i / 100)}`;

/** POSTs a web-channel call to /mcp from a given loopback address; the answer's text. */
function postFrom(base: string, from: string, message: unknown): Promise<string> {
  const url = new URL(base);
  const body = JSON.stringify(message);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: Number(url.port),
        path: "/mcp",
        method: "POST",
        localAddress: from,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve(text));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** RSS of a process after it has had a moment to settle. */
async function settled(pid: number): Promise<number> {
  Bun.gc(true);
  await Bun.sleep(1000);
  return rssMiB(pid);
}

/** The file-backed part of a process's RSS (pages of the executable and libraries) and the rest, in MiB. */
async function rssParts(pid: number): Promise<string> {
  const status = await Bun.file(`/proc/${pid}/status`).text();
  const mib = (key: string) => (Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1]) / 1024).toFixed(1);
  return `${mib("RssFile")} MiB file-backed (the executable's pages), ${mib("RssAnon")} MiB anonymous (heap)`;
}

export const section: Section = {
  title: "memory",
  order: 40,
  async run(ctx: BenchContext) {
    const idle = Bun.spawn([await idleProgram()], { stdout: "ignore", stderr: "ignore" });
    const floor = await settled(idle.pid);
    const floorParts = await rssParts(idle.pid);
    idle.kill();
    const t = await target(ctx);
    const rows: Row[] = [];
    const s = "memory";
    try {
      const stdio = await stdioClient(ctx, t, "session");
      try {
        const pid = stdio.pid ?? 0;
        const first = await settled(pid);
        rows.push({
          section: s,
          name: "RSS idle, stdio",
          value: first,
          unit: "MiB",
          floor,
          goal: "≤ 40 MiB",
          met: first <= 40,
          note: `${await rssParts(pid)}; the floor program: ${floorParts}`,
        });
        for (let i = 0; i < 200; i++) await searchRead(stdio.client);
        const after = await settled(pid);
        rows.push({
          section: s,
          name: "RSS after 200 calls, stdio",
          value: after,
          unit: "MiB",
          floor,
          note: await rssParts(pid),
        });
      } finally {
        await stdio.close();
      }

      const server = await httpServer(serverCommand(ctx), t, "session");
      const streams: Array<{ end(): void }> = [];
      try {
        rows.push({ section: s, name: "RSS idle, HTTP", value: await settled(server.pid), unit: "MiB", floor });
        for (let i = 0; i < STREAMS; i++) {
          streams.push(await openStream(server.url, `bench-${i}`, fromAddress(i)));
        }
        const withStreams = await settled(server.pid);
        rows.push({ section: s, name: `RSS with ${STREAMS} /events streams`, value: withStreams, unit: "MiB", floor });
        for (let i = 0; i < STREAMS; i++) {
          const body = await postFrom(server.url, fromAddress(i), {
            jsonrpc: "2.0",
            id: i,
            method: "subscribe_resource",
            params: { uri: `odoo://res.partner/${(i % 30) + 1}`, client_id: `bench-${i}` },
          });
          if (!body.includes('"subscribed":true')) throw new Error(`subscribe failed: ${body.slice(0, 200)}`);
        }
        const both = await settled(server.pid);
        rows.push({
          section: s,
          name: `RSS with ${STREAMS} streams and ${STREAMS} subscriptions`,
          value: both,
          unit: "MiB",
          floor,
          goal: "≤ 120 MiB",
          met: both <= 120,
        });
      } finally {
        for (const stream of streams) stream.end();
        await server.stop();
      }
    } finally {
      await t.stop();
    }
    return rows;
  },
};
