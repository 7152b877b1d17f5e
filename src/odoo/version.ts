import { OdooError } from "./errors.ts";
import { type HttpConfig, publicUrl } from "./http.ts";
import { jsonRpc, jsonRpcService } from "./jsonrpc.ts";
import type { OdooVersion } from "./types.ts";
import { xmlRpc } from "./xmlrpc.ts";

/** Parses "17.0", "saas~18.2", "19.0+e" into major/minor; `server_version_info` helps when the text has no digits. */
export function parseVersion(serverVersion: string, info?: unknown): OdooVersion {
  const m = /(\d+)\.(\d+)/.exec(serverVersion);
  if (m) return { serverVersion, major: Number(m[1]), minor: Number(m[2]) };
  // saas builds report info like ["saas~18", 2, ...]: take the digits of the first item.
  const list = Array.isArray(info) ? info : [];
  const major = Number(/\d+/.exec(String(list[0] ?? ""))?.[0] ?? Number.NaN);
  const minor = typeof list[1] === "number" ? list[1] : 0;
  if (Number.isNaN(major))
    throw new OdooError("server", `Odoo reported a version that cannot be read: '${serverVersion}'`);
  return { serverVersion, major, minor };
}

/** What the server offers: its version, and whether JSON-RPC is served (else XML-RPC only). */
export interface Probe {
  version: OdooVersion;
  jsonRpc: boolean;
}

const toVersion = (result: unknown): OdooVersion => {
  const r = (result ?? {}) as { server_version?: unknown; server_version_info?: unknown };
  return parseVersion(String(r.server_version ?? ""), r.server_version_info);
};

// A 404 page or a 2xx that is not Odoo's means "try the next endpoint"; no answer, a 5xx or a timeout does not.
const answeredOtherwise = (e: unknown) => {
  const status = e instanceof OdooError ? (e.details.status ?? 0) : 0;
  return status === 404 || (status >= 200 && status < 300);
};

/** Detects the version: `/web/webclient/version_info`, else `common.version` on `/jsonrpc`, else on XML-RPC. */
export async function probeServer(http: HttpConfig, preferXml = false): Promise<Probe> {
  const json = [
    async () => ({
      version: toVersion((await jsonRpc(http, "/web/webclient/version_info", {})).result),
      jsonRpc: true,
    }),
    async () => ({ version: toVersion(await jsonRpcService(http, "common", "version", [])), jsonRpc: true }),
  ];
  const xml = async () => ({ version: toVersion(await xmlRpc(http, "common", "version", [])), jsonRpc: false });
  const attempts = preferXml ? [xml, ...json] : [...json, xml];
  const answers: string[] = [];
  for (const attempt of attempts) {
    try {
      return await attempt();
    } catch (e) {
      if (!answeredOtherwise(e)) throw e;
      answers.push((e as OdooError).message);
    }
  }
  throw new OdooError(
    "network",
    `${publicUrl(http.url)} does not answer like an Odoo server (check odoo_url): ${answers.join("; ")}`,
  );
}
