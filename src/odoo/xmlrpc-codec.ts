import { XMLParser, XMLValidator } from "fast-xml-parser";
import { scanResponse } from "./xmlrpc-scan.ts";

/** A value XML-RPC can carry: `<nil/>`, scalars, `dateTime.iso8601` as Date, `base64` as bytes, arrays, structs. */
export type XmlRpcValue = null | boolean | number | string | Date | Uint8Array | XmlRpcValue[] | XmlRpcStruct;
/** An XML-RPC `<struct>`. */
export interface XmlRpcStruct {
  [member: string]: XmlRpcValue;
}
/** A decoded `<methodResponse>`: the single return value, or a fault. */
export type XmlRpcResponse =
  | { ok: true; value: XmlRpcValue }
  | { ok: false; faultCode: number | string; faultString: string };

/** Thrown when a body is not the XML-RPC it should be. */
export class XmlRpcFormatError extends Error {
  override readonly name = "XmlRpcFormatError";
}

const INT32 = 2 ** 31;

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const isoCompact = (d: Date) =>
  d
    .toISOString()
    .replace(/\.\d+Z$/, "")
    .replace(/-/g, "");

/** Encodes one value as `<value>…</value>`; `undefined` becomes `<nil/>` in arrays and is skipped in structs. */
export function encodeValue(v: unknown): string {
  if (v === null || v === undefined) return "<value><nil/></value>";
  if (typeof v === "boolean") return `<value><boolean>${v ? 1 : 0}</boolean></value>`;
  if (typeof v === "bigint") return `<value><i8>${v}</i8></value>`;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new TypeError(`XML-RPC cannot carry the number ${v}`);
    if (!Number.isInteger(v)) return `<value><double>${v}</double></value>`;
    // Python's xmlrpc refuses <int> beyond 32 bits but parses <i8>.
    return Math.abs(v) < INT32 ? `<value><int>${v}</int></value>` : `<value><i8>${v}</i8></value>`;
  }
  if (typeof v === "string") return `<value><string>${escapeXml(v)}</string></value>`;
  if (v instanceof Date) return `<value><dateTime.iso8601>${isoCompact(v)}</dateTime.iso8601></value>`;
  if (v instanceof Uint8Array) return `<value><base64>${Buffer.from(v).toString("base64")}</base64></value>`;
  if (Array.isArray(v)) return `<value><array><data>${v.map(encodeValue).join("")}</data></array></value>`;
  if (typeof v === "object") {
    const members = Object.entries(v)
      .filter(([, m]) => m !== undefined)
      .map(([k, m]) => `<member><name>${escapeXml(k)}</name>${encodeValue(m)}</member>`);
    return `<value><struct>${members.join("")}</struct></value>`;
  }
  throw new TypeError(`XML-RPC cannot carry a ${typeof v}`);
}

const params = (values: unknown[]) =>
  `<params>${values.map((v) => `<param>${encodeValue(v)}</param>`).join("")}</params>`;

/** `<methodCall>` for `method(*params)`. */
export const encodeCall = (method: string, values: unknown[]): string =>
  `<?xml version="1.0"?><methodCall><methodName>${escapeXml(method)}</methodName>${params(values)}</methodCall>`;

/** `<methodResponse>` carrying one value. */
export const encodeResponse = (value: unknown): string =>
  `<?xml version="1.0"?><methodResponse>${params([value])}</methodResponse>`;

/** `<methodResponse>` carrying a fault. */
export const encodeFault = (faultCode: number, faultString: string): string =>
  `<?xml version="1.0"?><methodResponse><fault>${encodeValue({ faultCode, faultString })}</fault></methodResponse>`;

// preserveOrder keeps array items and struct members in document order; raw text keeps strings exact.
const parser = new XMLParser({
  preserveOrder: true,
  trimValues: false,
  parseTagValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: true,
});

type Node = Record<string, Node[] | string | undefined>;

const tagOf = (n: Node) => Object.keys(n).find((k) => k !== "#text" && k !== ":@");
const elements = (nodes: Node[]) => nodes.filter((n) => tagOf(n) !== undefined);
const children = (n: Node): Node[] => {
  const c = n[tagOf(n) ?? ""];
  return Array.isArray(c) ? c : [];
};
const textOf = (nodes: Node[]) => nodes.map((n) => (typeof n["#text"] === "string" ? n["#text"] : "")).join("");

function child(nodes: Node[], tag: string, where: string): Node {
  const found = elements(nodes).find((n) => tagOf(n) === tag);
  if (!found) throw new XmlRpcFormatError(`XML-RPC: expected <${tag}> in <${where}>`);
  return found;
}

function parseDate(text: string): Date {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})/.exec(text.trim());
  if (!m) throw new XmlRpcFormatError(`XML-RPC: bad dateTime.iso8601 '${text}'`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s));
}

function parseNumber(text: string, type: string): number {
  const n = Number(text.trim());
  if (text.trim() === "" || Number.isNaN(n)) throw new XmlRpcFormatError(`XML-RPC: bad <${type}> '${text}'`);
  return n;
}

/** Decodes the children of one `<value>` element. */
function decodeValue(valueChildren: Node[]): XmlRpcValue {
  const typed = elements(valueChildren)[0];
  if (!typed) return textOf(valueChildren); // untyped <value>text</value> is a string
  const type = (tagOf(typed) ?? "").replace(/^ex:/, "");
  const inner = children(typed);
  switch (type) {
    case "string":
      return textOf(inner);
    case "int":
    case "i1":
    case "i2":
    case "i4":
    case "i8":
    case "biginteger":
    case "double":
    case "float":
    case "bigdecimal":
      return parseNumber(textOf(inner), type);
    case "boolean":
      return ["1", "true"].includes(textOf(inner).trim());
    case "nil":
      return null;
    case "dateTime.iso8601":
      return parseDate(textOf(inner));
    case "base64":
      return new Uint8Array(Buffer.from(textOf(inner).replace(/\s+/g, ""), "base64"));
    case "array":
      return elements(children(child(inner, "data", "array"))).map((v) => decodeValue(children(v)));
    case "struct": {
      const out: XmlRpcStruct = {};
      for (const m of elements(inner)) {
        const parts = children(m);
        const name = textOf(children(child(parts, "name", "member")));
        const value = decodeValue(children(child(parts, "value", "member")));
        Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      throw new XmlRpcFormatError(`XML-RPC: unknown type <${type}>`);
  }
}

function root(xml: string, tag: string): Node[] {
  // The parser is lenient (unclosed tags pass); validate first so a broken body is an error, not wrong data.
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new XmlRpcFormatError(`XML-RPC: not well-formed XML (${valid.err.msg})`);
  let doc: Node[];
  try {
    doc = parser.parse(xml) as Node[];
  } catch (e) {
    // The validator passes some XML the parser then refuses (a declaration whose quote is not closed).
    throw new XmlRpcFormatError(`XML-RPC: not well-formed XML (${(e as Error).message})`);
  }
  return children(child(doc, tag, "document"));
}

const paramValues = (nodes: Node[]) =>
  elements(children(child(nodes, "params", "message"))).map((p) =>
    decodeValue(children(child(children(p), "value", "param"))),
  );

/** Decodes a `<methodResponse>` into its value or its fault (Odoo's own answers in one pass, see xmlrpc-scan.ts). */
export const decodeResponse = (xml: string): XmlRpcResponse => scanResponse(xml) ?? parseResponse(xml);

/** Decodes any well-formed `<methodResponse>` with an XML parser; a malformed one is an `XmlRpcFormatError`. */
export function parseResponse(xml: string): XmlRpcResponse {
  const body = root(xml, "methodResponse");
  const fault = elements(body).find((n) => tagOf(n) === "fault");
  if (fault) {
    const v = decodeValue(children(child(children(fault), "value", "fault")));
    const s =
      v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date) ? (v as XmlRpcStruct) : {};
    const code = typeof s.faultCode === "number" || typeof s.faultCode === "string" ? s.faultCode : 0;
    return { ok: false, faultCode: code, faultString: typeof s.faultString === "string" ? s.faultString : "" };
  }
  const [value] = paramValues(body);
  if (value === undefined) throw new XmlRpcFormatError("XML-RPC: <methodResponse> without a value");
  return { ok: true, value };
}

/** Decodes a `<methodCall>` into its method name and parameters. */
export function decodeCall(xml: string): { method: string; params: XmlRpcValue[] } {
  const body = root(xml, "methodCall");
  const method = textOf(children(child(body, "methodName", "methodCall"))).trim();
  const hasParams = elements(body).some((n) => tagOf(n) === "params");
  return { method, params: hasParams ? paramValues(body) : [] };
}
