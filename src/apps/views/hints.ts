/** The key of a tool result's `_meta` that carries what a view needs besides `structuredContent`. */
export const HINTS_KEY = "odoo-mcp/view";

/** What a view needs to know about one field to show its values. */
export interface FieldHint {
  type: string;
  string?: string;
  /** `[[value, label], …]` of a selection field. */
  selection?: Array<[string, string]>;
  relation?: string;
  /** The many2one to res.currency a monetary field is expressed in. */
  currency_field?: string;
}

/** Sent in the result's `_meta` (never in `structuredContent`, which stays what every client gets). */
export interface ViewHints {
  tool: string;
  model: string;
  /** Odoo's major version (17, 18, 19…): the web client's URL form depends on it. */
  major: number;
  /** The Odoo base URL the web client lives under, credentials removed. */
  web: string;
  fields: Record<string, FieldHint>;
  /** The model has a chatter (`message_ids`): a record card shows its last messages. */
  chatter?: boolean;
  /** The tool's arguments, so a view can ask for the next page or another order. */
  args: Record<string, unknown>;
}

/** Reads the hints of a tool result, if it carries them. */
export function hintsOf(result: { _meta?: Record<string, unknown> | undefined }): ViewHints | undefined {
  const h = result._meta?.[HINTS_KEY];
  return h && typeof h === "object" ? (h as ViewHints) : undefined;
}
