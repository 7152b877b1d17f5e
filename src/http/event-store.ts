import type { EventStore, JSONRPCMessage } from "@modelcontextprotocol/server";

interface Stored {
  seq: number;
  streamId: string;
  message: JSONRPCMessage;
  bytes: number;
}

const SEP = "::";

/**
 * `Last-Event-ID` resumability for one 2025-era session, in memory and bounded: it keeps the last `max` events of
 * all the session's streams, and at most `maxBytes` of them (a message larger than that is sent but not kept). A
 * client that was away longer misses the evicted events, never the server's memory.
 */
export class BoundedEventStore implements EventStore {
  private readonly events: Stored[] = [];
  private seq = 0;
  private bytes = 0;

  constructor(
    private readonly max: number,
    private readonly maxBytes = 2 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.events.length;
  }

  /** Bytes of JSON the kept events take. */
  get storedBytes(): number {
    return this.bytes;
  }

  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    this.seq += 1;
    const bytes = JSON.stringify(message).length;
    if (bytes <= this.maxBytes) {
      this.events.push({ seq: this.seq, streamId, message, bytes });
      this.bytes += bytes;
    }
    while (this.events.length > this.max || (this.events.length > 0 && this.bytes > this.maxBytes)) {
      this.bytes -= this.events.shift()?.bytes ?? 0;
    }
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
