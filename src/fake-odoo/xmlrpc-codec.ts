import { XMLParser } from "fast-xml-parser";
import { E } from "./errors.ts";
import type { Json } from "./types.ts";
import type { VersionProfile } from "./versions.ts";

/** A parsed XML-RPC `methodCall`. */
export interface MethodCall {
  method: string;
  params: Json[];
}

type Node = Record<string, Node[] | string> & { "#text"?: string };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
});

function tagOf(node: Node): string {
  return Object.keys(node).find((k) => k !== ":@") ?? "";
}

function children(node: Node): Node[] {
  const v = node[tagOf(node)];
  return Array.isArray(v) ? v : [];
}

function text(nodes: Node[]): string {
  return nodes.map((n) => (typeof n["#text"] === "string" ? n["#text"] : "")).join("");
}

function elements(nodes: Node[], tag?: string): Node[] {
  return nodes.filter((n) => tagOf(n) !== "#text" && (!tag || tagOf(n) === tag));
}

function decodeValue(value: Node): Json {
  const inner = children(value);
  const typed = elements(inner)[0];
  if (!typed) return text(inner);
  const tag = tagOf(typed);
  const content = children(typed);
  switch (tag) {
    case "int":
    case "i4":
    case "i8":
      return Number.parseInt(text(content).trim(), 10);
    case "double":
      return Number.parseFloat(text(content).trim());
    case "boolean":
      return text(content).trim() === "1";
    case "string":
    case "dateTime.iso8601":
    case "base64":
      return text(content);
    case "nil":
      return null;
    case "array":
      return elements(children(elements(content, "data")[0] ?? { data: [] }), "value").map(decodeValue);
    case "struct": {
      const out: Record<string, Json> = {};
      for (const member of elements(content, "member")) {
        const parts = children(member);
        const name = text(children(elements(parts, "name")[0] ?? { name: [] }));
        const v = elements(parts, "value")[0];
        out[name] = v ? decodeValue(v) : null;
      }
      return out;
    }
  }
  throw E.type(`unknown XML-RPC tag <${tag}>`);
}

/** Parses a `methodCall` body; `placeholders` are raw `<...>` secrets the captures hold unescaped. */
export function parseMethodCall(xml: string, placeholders: string[] = []): MethodCall {
  let source = xml;
  // The captures redact API keys as "<admin-api-key>" inside <string> without escaping; read them as text.
  for (const p of placeholders) source = source.split(p).join(p.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
  const doc = parser.parse(source) as Node[];
  const call = elements(doc, "methodCall")[0];
  if (!call) throw E.value("not an XML-RPC methodCall");
  const parts = children(call);
  const method = text(children(elements(parts, "methodName")[0] ?? { methodName: [] })).trim();
  const params = elements(children(elements(parts, "params")[0] ?? { params: [] }), "param").map((param) => {
    const v = elements(children(param), "value")[0];
    return v ? decodeValue(v) : null;
  });
  return { method, params };
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Python's `xmlrpc.client` marshalling of one value; None raises like `allow_none=False`. */
export function encodeValue(v: Json | undefined): string {
  if (v === null || v === undefined) throw E.type("cannot marshal None unless allow_none is enabled");
  if (typeof v === "boolean") return `<value><boolean>${v ? 1 : 0}</boolean></value>`;
  if (typeof v === "number")
    return Number.isInteger(v) ? `<value><int>${v}</int></value>` : `<value><double>${v}</double></value>`;
  if (typeof v === "string") return `<value><string>${xmlEscape(v)}</string></value>`;
  if (Array.isArray(v))
    return `<value><array><data>\n${v.map((x) => `${encodeValue(x)}\n`).join("")}</data></array></value>`;
  const members = Object.entries(v).map(
    ([k, x]) => `<member>\n<name>${xmlEscape(k)}</name>\n${encodeValue(x)}\n</member>\n`,
  );
  return `<value><struct>\n${members.join("")}</struct></value>`;
}

/** A `methodResponse` with one param. */
export function encodeResponse(p: VersionProfile, result: Json | undefined): string {
  return `${p.xmlProlog}\n<methodResponse>\n<params>\n<param>\n${encodeValue(result)}\n</param>\n</params>${p.xmlTail}`;
}

/** A `methodResponse` fault (code is an int on /xmlrpc/2, a string on the legacy /xmlrpc). */
export function encodeFault(p: VersionProfile, code: number | string, message: string): string {
  const value = encodeValue({ faultCode: code, faultString: message });
  return `${p.xmlProlog}\n<methodResponse>\n<fault>\n${value}\n</fault>${p.xmlTail}`;
}

/** A parsed `methodResponse`: a value or a fault (used by clients and by the replay test). */
export function parseMethodResponse(xml: string): { value?: Json; fault?: { faultCode: Json; faultString: Json } } {
  const doc = parser.parse(xml) as Node[];
  const parts = children(elements(doc, "methodResponse")[0] ?? { methodResponse: [] });
  const fault = elements(parts, "fault")[0];
  if (fault) {
    const v = elements(children(fault), "value")[0];
    const s = (v ? decodeValue(v) : {}) as Record<string, Json>;
    return { fault: { faultCode: s.faultCode ?? null, faultString: s.faultString ?? null } };
  }
  const param = elements(children(elements(parts, "params")[0] ?? { params: [] }), "param")[0];
  const v = param ? elements(children(param), "value")[0] : undefined;
  return { value: v ? decodeValue(v) : null };
}
