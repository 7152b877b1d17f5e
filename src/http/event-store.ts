import type { EventStore, JSONRPCMessage } from "@modelcontextprotocol/server";

interface Stored {
  seq: number;
  streamId: string;
  message: JSONRPCMessage;
}

const SEP = "::";

/**
 * `Last-Event-ID` resumability for one 2025-era session, in memory and bounded: it keeps the last `max` events of
 * all the session's streams. A client that was away longer than that misses the evicted events, never the server's memory.
 */
export class BoundedEventStore implements EventStore {
  private readonly events: Stored[] = [];
  private seq = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.events.length;
  }

  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    this.seq += 1;
    this.events.push({ seq: this.seq, streamId, message });
    if (this.events.length > this.max) this.events.shift();
    return `${streamId}${SEP}${this.seq}`;
  }

  async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    return parse(eventId)?.streamId;
  }

  async replayEventsAfter(
    lastEventId: string,
    { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> },
  ): Promise<string> {
    const last = parse(lastEventId);
    if (!last) throw new Error(`unknown event id ${lastEventId}`);
    for (const e of this.events) {
      if (e.streamId === last.streamId && e.seq > last.seq) await send(`${e.streamId}${SEP}${e.seq}`, e.message);
    }
    return last.streamId;
  }
}

function parse(eventId: string): { streamId: string; seq: number } | undefined {
  const at = eventId.lastIndexOf(SEP);
  const seq = Number(eventId.slice(at + SEP.length));
  return at > 0 && Number.isInteger(seq) ? { streamId: eventId.slice(0, at), seq } : undefined;
}
