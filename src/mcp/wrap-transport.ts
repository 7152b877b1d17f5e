import type { Transport } from "@modelcontextprotocol/server";

/** A transport that forwards everything to `inner`; a wrapper sets `inner`'s callbacks to filter what reaches its own. */
export const passThrough = (inner: Transport): Transport => ({
  start: () => inner.start(),
  close: () => inner.close(),
  send: (message, options) => inner.send(message, options),
  get sessionId() {
    return inner.sessionId;
  },
  setProtocolVersion: (version) => inner.setProtocolVersion?.(version),
  setSupportedProtocolVersions: (versions) => inner.setSupportedProtocolVersions?.(versions),
});
