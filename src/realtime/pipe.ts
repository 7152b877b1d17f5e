import type { Hub } from "./hub.ts";
import type { HubEvent } from "./types.ts";

/**
 * Delivers client `id`'s updates to `deliver` as they come (how an MCP session turns them into
 * `notifications/resources/updated`); returns the function that stops it. Creates the client when new.
 */
export function pipe(hub: Hub, id: string, deliver: (event: HubEvent) => void | Promise<void>): () => void {
  const { client, detach } = hub.attach(id);
  let running = true;
  void (async () => {
    while (running) {
      const next = await client.next();
      if ("none" in next) break;
      await Promise.resolve(deliver(next.item)).catch(() => {});
    }
    running = false;
  })();
  return () => {
    running = false;
    detach();
  };
}
