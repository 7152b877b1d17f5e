import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { HttpReply } from "../../../src/odoo/http.ts";
import type { FetchLike } from "../../../src/odoo/types.ts";

/** Where the real Odoo captures live: inside the repo, so a fresh clone tests on its own. */
export const CAPTURES = join(import.meta.dir, "../../fixtures/odoo-captures");
export type Version = "17.0" | "18.0" | "19.0";
export const VERSIONS: Version[] = ["17.0", "18.0", "19.0"];

/** One recorded exchange with a real Odoo. */
export interface Capture {
  request: { method: string; url: string; headers: Record<string, string>; body: unknown };
  response: { status: string; headers: Record<string, string>; body: unknown };
}

/** Loads `<version>/<name>.json`. */
export const capture = (version: Version, name: string): Capture =>
  JSON.parse(readFileSync(join(CAPTURES, version, `${name}.json`), "utf8")) as Capture;

/** Every capture file name (without `.json`) of a version. */
export const captureNames = (version: Version): string[] =>
  readdirSync(join(CAPTURES, version))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5));

/** A capture's XML body with the redaction placeholders (`<admin-api-key>`) escaped back into valid XML. */
export const xmlOf = (body: unknown): string =>
  String(body).replace(/<([\w-]*api[\w-]*key|apikey_\w+)>/g, (_, name: string) => `&lt;${name}&gt;`);

/** The HTTP status code of a capture ("HTTP/1.1 404 NOT FOUND" → 404). */
export const statusOf = (c: Capture): number => Number(/\d{3}/.exec(c.response.status)?.[0] ?? 0);

/** The capture's response as a fetch `Response`. */
export function responseOf(c: Capture, extraHeaders: Record<string, string> = {}): Response {
  const body = c.response.body;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const headers = new Headers();
  for (const [k, v] of Object.entries(c.response.headers)) if (k !== "Content-Length") headers.append(k, v);
  for (const [k, v] of Object.entries(extraHeaders)) headers.append(k, v);
  return new Response(statusOf(c) === 204 ? null : text, { status: statusOf(c), headers });
}

/** A request as the replay fetch saw it. */
export interface Seen {
  method: string;
  path: string;
  headers: Headers;
  body: string;
}

/** Picks the capture (or a ready Response) answering one request; `undefined` fails the request loudly. */
export type Route = (req: Seen) => Capture | Response | undefined;

/** A fetch that answers from captures; records every request in `seen`. */
export function replayFetch(route: Route): { fetch: FetchLike; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetch: FetchLike = async (input, init) => {
    const req = new Request(input, init);
    const s: Seen = {
      method: req.method,
      path: new URL(req.url).pathname,
      headers: req.headers,
      body: await req.text(),
    };
    seen.push(s);
    const answer = route(s);
    if (!answer) throw new Error(`replay: no capture for ${s.method} ${s.path} ${s.body.slice(0, 200)}`);
    return answer instanceof Response ? answer : responseOf(answer);
  };
  return { fetch, seen };
}

/** Parsed JSON body of a seen request. */
export const jsonBody = (s: Seen): Record<string, unknown> => JSON.parse(s.body) as Record<string, unknown>;

/** The capture's response as the client's `HttpReply`. */
export function replyOf(c: Capture): HttpReply {
  const res = responseOf(c);
  const body = c.response.body;
  return {
    status: res.status,
    statusText: c.response.status.replace(/^HTTP\/[\d.]+ \d+ ?/, ""),
    contentType: res.headers.get("content-type") ?? "",
    headers: res.headers,
    text: typeof body === "string" ? body : JSON.stringify(body),
    label: `${c.request.method} ${new URL(c.request.url).pathname}`,
  };
}
