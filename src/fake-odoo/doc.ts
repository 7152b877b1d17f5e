import docMethods from "./data/doc-methods-19.0.json";
import { E } from "./errors.ts";
import { jsonResponse, werkzeugPage } from "./http.ts";
import { json2Error } from "./json2.ts";
import { describeField } from "./orm/fields-get.ts";
import { METHODS } from "./orm/methods.ts";
import type { FakeState } from "./state.ts";
import type { Json } from "./types.ts";

// Odoo 19's per-method documentation (signature, parameters, doc), captured from `/doc-bearer/res.partner.json`.
const METHOD_DOCS = docMethods as unknown as Record<string, Json>;

/** GET /doc-bearer/<model>.json (Odoo 19): the model's fields and public methods, bearer-authenticated. */
export function handleDoc(state: FakeState, req: Request, path: string): Response | undefined {
  const m = /^\/doc-bearer\/([^/]+)\.json$/.exec(path);
  if (!m) return undefined;
  if (!state.profile.json2) return werkzeugPage(404);
  const key = /^bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1]?.trim();
  if (!key)
    return json2Error(E.http(401, "User not authenticated, use an API Key with a Bearer Authorization header."));
  state.counters.passwordChecks++;
  if (!state.userByKey(key)) return json2Error(E.http(401, "Invalid apikey"));
  const table = state.db.table(m[1]!);
  if (!table) return json2Error(E.http(404, `the model '${m[1]}' does not exist`));
  const def = table.def;
  const fields = Object.fromEntries(
    Object.entries(def.fields).map(([name, f]) => [
      name,
      { ...describeField(name, f), module: name === "id" || name === "display_name" ? null : "base" },
    ]),
  );
  const methods = Object.fromEntries(
    Object.keys(METHODS)
      .filter((name) => METHOD_DOCS[name])
      .map((name) => [name, METHOD_DOCS[name]!]),
  );
  const body = { model: def.model, name: def.description, doc: null, fields, methods };
  const etag = new Bun.CryptoHasher("sha256").update(JSON.stringify(body)).digest("hex");
  return jsonResponse(body, 200, [
    ["ETag", etag],
    ["Cache-Control", "no-cache, private"],
    ["Content-Language", "en-US"],
  ]);
}
