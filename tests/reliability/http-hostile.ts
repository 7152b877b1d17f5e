import { type Answer, type Case, deepCase, hostileCases, type ListedTool, sane, verify } from "./hostile.ts";
import { type Channel, type Reply, WEB_CODES } from "./http-channels.ts";

// One round of generated hostile messages through one HTTP channel: every message sent as its own POST (a few at a
// time), every reply checked (a JSON-RPC answer, never a 5xx, the documented status), then every answer matched to
// its message by id as over stdio.

/** The HTTP statuses the user documentation gives each web-channel error code (docs/http-channel.md "Errors"). */
const WEB_STATUS: Record<number, number[]> = {
  [-32700]: [400],
  // A batch is MCP's (docs: "Who gets what"), refused by the SDK when empty.
  [-32600]: [400],
  [-32000]: [400, 401],
  [-32001]: [429, 503],
  [WEB_CODES.invalidRequest]: [200, 400, 403, 413],
  [WEB_CODES.methodNotFound]: [200, 404, 405],
  [WEB_CODES.invalidParams]: [200, 400, 409],
};

/** What is wrong with one reply, whatever its message: a server error, no JSON-RPC answer, an undocumented status. */
export function replyProblem(channel: Channel, reply: Reply): string | undefined {
  if (reply.status >= 500) return `HTTP ${reply.status}: ${reply.body.slice(0, 200)}`;
  if (reply.status === 202 && channel.onStream) return undefined;
  if (reply.answers.length === 0) return `HTTP ${reply.status} without a JSON-RPC answer: ${reply.body.slice(0, 200)}`;
  for (const a of reply.answers) {
    if (reply.status !== 200 && !a.error) return `HTTP ${reply.status} with a result`;
    if (channel.codes === WEB_CODES && a.error && !WEB_STATUS[a.error.code]?.includes(reply.status))
      return `code ${a.error.code} with HTTP ${reply.status}, not a documented pair`;
  }
  return undefined;
}

/** Sends `texts` through `channel`, `parallel` at a time; the replies in order. */
export async function sendAll(channel: Channel, texts: string[], parallel = 16): Promise<Reply[]> {
  const replies: Reply[] = new Array(texts.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < texts.length; i = next++) replies[i] = await channel.send(texts[i] as string);
    }),
  );
  return replies;
}

/** The outcome of one round: the problems found and every reply body (for the secrets scan). */
export interface Round {
  cases: number;
  problems: string[];
  bodies: string[];
}

/** Generates the hostile messages for `channel`, sends them all and checks every reply and answer. */
export async function hostileRound(channel: Channel, tools: ListedTool[], firstId: number): Promise<Round> {
  const { method, batches, serves } = channel;
  const cases = hostileCases(tools, channel.codes, { method, firstId, batches, serves });
  cases.push(deepCase(firstId - 20, 100_000, channel.codes, method("tools/call")));
  cases.push(deepCase(firstId - 19, 150, channel.codes, method("tools/call")));
  // Bodies just over the limit, over it by more than Bun's own slack (64 KiB), and far over it.
  for (const [i, size] of [MAX_BODY + 1, MAX_BODY + 65_537, 8 * MAX_BODY].entries()) {
    const id = firstId - 10 + i;
    const head = JSON.stringify({ jsonrpc: "2.0", id, method: method("tools/list"), params: { pad: "" } });
    const text = head.replace('"pad":""', `"pad":"${"p".repeat(size - head.length)}"`);
    cases.push({ what: `a ${size}-byte body`, text, id, check: () => undefined });
  }
  return checkedRound(channel, cases);
}

/** http.max_body_bytes of the server under test (its default). */
export const MAX_BODY = 1_048_576;

/** Sends `cases` through `channel` and checks them (see hostileRound). */
export async function checkedRound(channel: Channel, cases: Case[]): Promise<Round> {
  channel.streamed.length = 0;
  const replies = await sendAll(
    channel,
    cases.map((c) => c.text),
  );
  const problems: string[] = [];
  replies.forEach((r, i) => {
    const c = cases[i] as Case;
    // A body over the limit is never read: refused with HTTP 413 before its id is known.
    const tooLarge = Buffer.byteLength(c.text) > MAX_BODY;
    const code = r.answers[0]?.error?.code;
    const refused = r.status === 413 && code === channel.codes.invalidRequest;
    const expected = `413 ${channel.codes.invalidRequest}`;
    const problem =
      (tooLarge && !refused ? `HTTP ${r.status} ${code}, not ${expected}` : undefined) ?? replyProblem(channel, r);
    if (problem) problems.push(`${c.what}: ${problem}`);
  });
  const readable = (c: Case) => Buffer.byteLength(c.text) <= MAX_BODY;
  // The legacy transport answers accepted messages on its stream: wait for them all.
  const expected = replies.filter((r) => r.status === 202).length;
  for (let i = 0; i < 1000 && channel.streamed.filter((a) => a.method === undefined).length < expected; i++)
    await Bun.sleep(10);
  const answers: Answer[] = [...replies.flatMap((r) => r.answers), ...channel.streamed];
  const lenient = cases.map((c) => ({
    ...c,
    id: readable(c) ? c.id : undefined,
    check: (a: Answer) => (channel.alsoAccepted(c.text, a) ? sane(a) : c.check(a)),
  }));
  problems.push(...verify(lenient, answers));
  return { cases: cases.length, problems, bodies: replies.map((r) => r.body) };
}
