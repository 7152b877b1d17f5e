import { describe, expect, test } from "bun:test";
import {
  decodeCall,
  decodeResponse,
  encodeCall,
  encodeFault,
  encodeResponse,
  encodeValue,
  parseResponse,
  XmlRpcFormatError,
} from "../../../src/odoo/xmlrpc-codec.ts";
import { capture, captureNames, VERSIONS, xmlOf } from "./captures.ts";

const xmlCaptures = VERSIONS.flatMap((v) =>
  captureNames(v)
    .filter((n) => n.startsWith("xmlrpc_"))
    .map((n) => ({ v, n, c: capture(v, n) })),
);

describe("xmlrpc codec on every real capture", () => {
  test("there are XML-RPC captures for each version", () => {
    for (const v of VERSIONS) expect(xmlCaptures.filter((x) => x.v === v).length).toBeGreaterThan(10);
  });

  for (const { v, n, c } of xmlCaptures) {
    test(`${v}/${n}: request and response decode, and re-encode to the same values`, () => {
      const call = decodeCall(xmlOf(c.request.body));
      expect(call.method).toMatch(/^(execute_kw|authenticate|version)$/);
      expect(decodeCall(encodeCall(call.method, call.params))).toEqual(call);

      const res = decodeResponse(c.response.body as string);
      if (res.ok) expect(decodeResponse(encodeResponse(res.value))).toEqual(res);
      else {
        expect(res.faultString + String(res.faultCode)).not.toBe("");
        if (typeof res.faultCode === "number")
          expect(decodeResponse(encodeFault(res.faultCode, res.faultString))).toEqual(res);
      }
    });
  }

  test("Odoo 18 requests are byte-identical to what the codec writes", () => {
    for (const { c } of xmlCaptures.filter((x) => x.v === "18.0")) {
      const call = decodeCall(xmlOf(c.request.body));
      expect(encodeCall(call.method, call.params)).toBe(xmlOf(c.request.body));
    }
  });

  test("known values are decoded as Odoo meant them", () => {
    const ok = decodeResponse(capture("18.0", "xmlrpc_read_partner3").response.body as string);
    expect(ok.ok && Array.isArray(ok.value) && ok.value[0]).toMatchObject({
      id: 3,
      name: "Mitchell Admin",
      parent_id: false,
    });
    const version = decodeResponse(capture("17.0", "xmlrpc_common_version").response.body as string);
    expect(version).toMatchObject({
      ok: true,
      value: { server_version: "17.0", server_version_info: [17, 0, 0, "final", 0, ""] },
    });
    expect(decodeResponse(capture("19.0", "xmlrpc_common_authenticate_badpw").response.body as string)).toEqual({
      ok: true,
      value: false,
    });
    const fault = decodeResponse(capture("17.0", "xmlrpc_unknown_model").response.body as string);
    expect(fault).toEqual({ ok: false, faultCode: 2, faultString: "Object res.partnerx doesn't exist" });
    const v1 = decodeResponse(capture("17.0", "xmlrpc_v1_unknown_model").response.body as string);
    expect(v1).toMatchObject({ ok: false, faultCode: expect.stringContaining("Object res.partnerx doesn't exist") });
    const tb = decodeResponse(capture("19.0", "xmlrpc_none_result_public").response.body as string);
    expect(!tb.ok && tb.faultString).toContain("cannot marshal None unless allow_none is enabled");
  });
});

describe("xmlrpc codec round trips", () => {
  const roundTrip = (v: unknown) => {
    const res = decodeResponse(encodeResponse(v));
    if (!res.ok) throw new Error("fault");
    return res.value;
  };

  test("every type survives", () => {
    const value = {
      int: 42,
      negative: -7,
      big: 2 ** 40,
      double: 3.25,
      tiny: -0.001,
      yes: true,
      no: false,
      text: "naïve <tag> & \"quotes\" 'single' ]]> \u263a 😀",
      spaces: "  leading and trailing  \n second line\t",
      empty: "",
      nil: null,
      when: new Date(Date.UTC(2026, 10, 24, 13, 54, 45)),
      bytes: new Uint8Array([0, 1, 2, 250, 255]),
      list: [1, "two", [3, { four: 4 }], []],
      nested: { a: { b: { c: [] } }, "weird key <&>": 1 },
      emptyStruct: {},
    };
    expect(roundTrip(value)).toEqual(value);
  });

  test("undefined is skipped in structs and is nil in arrays", () => {
    expect(roundTrip({ a: undefined, b: 1 })).toEqual({ b: 1 });
    expect(roundTrip([undefined, 1])).toEqual([null, 1]);
  });

  test("integers beyond 32 bits use <i8>, which Python parses", () => {
    expect(encodeValue(2 ** 31)).toBe("<value><i8>2147483648</i8></value>");
    expect(encodeValue(2 ** 31 - 1)).toBe("<value><int>2147483647</int></value>");
    expect(encodeValue(10n)).toBe("<value><i8>10</i8></value>");
  });

  test("text is escaped", () => {
    expect(encodeValue("a<b>&c")).toBe("<value><string>a&lt;b&gt;&amp;c</string></value>");
    expect(encodeCall("m<", [])).toContain("<methodName>m&lt;</methodName>");
  });

  test("untyped values are strings; i4, ex:nil, boolean 'true' and dates with dashes are read", () => {
    const xml = (inner: string) =>
      `<?xml version="1.0"?><methodResponse><params><param><value>${inner}</value></param></params></methodResponse>`;
    expect(decodeResponse(xml(" plain ")).ok && decodeResponse(xml(" plain "))).toEqual({ ok: true, value: " plain " });
    expect(decodeResponse(xml("<i4>-5</i4>"))).toEqual({ ok: true, value: -5 });
    expect(decodeResponse(xml("<ex:nil/>"))).toEqual({ ok: true, value: null });
    expect(decodeResponse(xml("<string/>"))).toEqual({ ok: true, value: "" });
    expect(decodeResponse(xml("<dateTime.iso8601>2026-01-02T03:04:05</dateTime.iso8601>"))).toEqual({
      ok: true,
      value: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    });
    expect(
      decodeResponse(xml("<struct><member><name>__proto__</name><value><int>1</int></value></member></struct>")),
    ).toEqual({
      ok: true,
      value: JSON.parse('{"__proto__": 1}'),
    });
  });

  test("non-finite numbers and functions are refused", () => {
    expect(() => encodeValue(Number.NaN)).toThrow(TypeError);
    expect(() => encodeValue(() => 1)).toThrow(TypeError);
  });

  test("garbage is a format error, not a crash", () => {
    expect(() => decodeResponse("<html><body>502 Bad Gateway</body></html>")).toThrow(XmlRpcFormatError);
    expect(() => decodeResponse("Invalid JSON data")).toThrow(XmlRpcFormatError);
    expect(() => decodeResponse("<methodResponse><params><param><value><string>a<b></string>")).toThrow(
      XmlRpcFormatError,
    );
    expect(() =>
      decodeResponse("<methodResponse><params><param><value><int>x</int></value></param></params></methodResponse>"),
    ).toThrow(XmlRpcFormatError);
    expect(() =>
      decodeResponse("<methodResponse><params><param><value><blob/></value></param></params></methodResponse>"),
    ).toThrow(/unknown type <blob>/);
    // Past the validator, the XML parser itself throws on a declaration it cannot close.
    const ok = "<methodResponse><params><param><value><int>1</int></value></param></params></methodResponse>";
    expect(() => parseResponse(`<?xml version="1.0?>${ok}`)).toThrow(XmlRpcFormatError);
  });
});
