/** The bus message type push-mode rules send (the one `bus_push_automation.json` recorded on 17, 18 and 19). */
export const PUSH_TYPE = "odoo_mcp/record_changed";

/** Name prefix of every record `push install` creates: how `push uninstall` and a re-install find them. */
export const PUSH_PREFIX = "odoo-mcp push ";

/** Bus channels push mode uses start with this; the rest is the secret. */
export const CHANNEL_PREFIX = "odoo-mcp-";

/** The server action's Python: `{model, id, write_date}` of each record on the secret channel. */
export function pushCode(channel: string): string {
  return (
    "for rec in records:\n" +
    `    env['bus.bus']._sendone('${channel}', '${PUSH_TYPE}', ` +
    "{'model': rec._name, 'id': rec.id, 'write_date': str(rec.write_date)})\n"
  );
}

/** The channel a server action's code sends on, when it is code `pushCode` made. */
export function channelOf(code: unknown): string | undefined {
  if (typeof code !== "string") return undefined;
  const m = /_sendone\('([^'\\]+)', '([^'\\]+)'/.exec(code);
  return m && m[2] === PUSH_TYPE ? m[1] : undefined;
}

/** A new channel: the prefix and 128 random bits (base64url). */
export function newChannel(): string {
  return CHANNEL_PREFIX + Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");
}

/** Whether a configured channel can go into the Python string literal as it is, and is long enough to be a secret. */
export function validChannel(channel: string): boolean {
  return /^[A-Za-z0-9_-]{22,200}$/.test(channel);
}
