import { describe, expect, test } from "bun:test";
import { profileOf } from "../../../src/fake-odoo/versions.ts";
import {
  encodeFault,
  encodeResponse,
  parseMethodCall,
  parseMethodResponse,
} from "../../../src/fake-odoo/xmlrpc-codec.ts";

const p18 = profileOf("18.0");

describe("XML-RPC codec", () => {
  test("parses every value type of a methodCall", () => {
    const xml =
      "<?xml version='1.0'?><methodCall><methodName>execute_kw</methodName><params>" +
      "<param><value><int>2</int></value></param><param><value><i4>-3</i4></value></param>" +
      "<param><value><boolean>1</boolean></value></param><param><value><double>1.5</double></value></param>" +
      "<param><value>bare &amp; text</value></param><param><value><nil/></value></param>" +
      "<param><value><struct><member><name>k</name><value><array><data><value><string> a </string></value></data></array></value></member></struct></value></param>" +
      "</params></methodCall>";
    expect(parseMethodCall(xml)).toEqual({
      method: "execute_kw",
      params: [2, -3, true, 1.5, "bare & text", null, { k: [" a "] }],
    });
  });

  test("reads unescaped key placeholders of the captures as text", () => {
    const xml =
      "<methodCall><methodName>m</methodName><params><param><value><string><admin-api-key></string></value></param></params></methodCall>";
    expect(parseMethodCall(xml, ["<admin-api-key>"]).params).toEqual(["<admin-api-key>"]);
  });

  test("marshals like Python's xmlrpc.client and round-trips", () => {
    const value = { id: 3, name: "A & <B>", ok: false, list: [1.25, "x"], empty: [] };
    const xml = encodeResponse(p18, value);
    expect(
      xml.startsWith(
        '<?xml version="1.0"?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n<member>\n<name>id</name>\n<value><int>3</int></value>',
      ),
    ).toBe(true);
    expect(xml).toContain("<string>A &amp; &lt;B&gt;</string>");
    expect(parseMethodResponse(xml)).toEqual({ value });
    expect(encodeResponse(profileOf("17.0"), 1)).toBe(
      "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><int>1</int></value>\n</param>\n</params>\n</methodResponse>\n",
    );
  });

  test("None cannot be marshalled; faults round-trip", () => {
    expect(() => encodeResponse(p18, undefined)).toThrow("cannot marshal None unless allow_none is enabled");
    expect(parseMethodResponse(encodeFault(p18, 3, "Access Denied"))).toEqual({
      fault: { faultCode: 3, faultString: "Access Denied" },
    });
  });
});
