import { describe, expect, test } from "bun:test";
import { base64Bytes, binSize, sniffMime } from "../../../src/resources/mime.ts";
import { BadUri, parseOdooUri } from "../../../src/resources/uri.ts";

describe("parseOdooUri", () => {
  test("the three shapes", () => {
    expect(parseOdooUri("odoo://res.partner/7")).toEqual({ kind: "record", model: "res.partner", id: 7 });
    expect(parseOdooUri("odoo://res.partner/list")).toEqual({ kind: "list", model: "res.partner" });
    expect(parseOdooUri("odoo://res.partner/list?offset=20&limit=5")).toEqual({
      kind: "list",
      model: "res.partner",
      offset: 20,
      limit: 5,
    });
    expect(parseOdooUri("odoo://ir.attachment/binary/datas/1")).toEqual({
      kind: "binary",
      model: "ir.attachment",
      field: "datas",
      id: 1,
    });
  });

  test("anything else throws BadUri saying what is wrong", () => {
    const cases: Array<[string, string]> = [
      ["odoo://res.partner/0", "Invalid record id '0'"],
      ["odoo://res.partner/-1", "Invalid record id '-1'"],
      ["odoo://res.partner/1.5", "Invalid record id '1.5'"],
      ["odoo://Res.Partner/1", "Invalid model name 'Res.Partner'"],
      ["odoo://res.partner/list?offset=-1", "Invalid offset '-1'"],
      ["odoo://res.partner/list?limit=0", "Invalid limit '0'"],
      ["odoo://res.partner/binary/Bad-Field/1", "Invalid field name 'Bad-Field'"],
      ["odoo://res.partner", "Unknown resource"],
      ["http://res.partner/1", "Unknown resource"],
    ];
    for (const [uri, message] of cases) {
      expect(() => parseOdooUri(uri)).toThrow(BadUri);
      expect(() => parseOdooUri(uri)).toThrow(message);
    }
  });
});

describe("binary helpers", () => {
  const b64 = (bytes: number[] | string) => Buffer.from(typeof bytes === "string" ? bytes : bytes).toString("base64");

  test("sniffs common formats from magic bytes", () => {
    expect(sniffMime(b64([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe("image/png");
    expect(sniffMime(b64([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe("image/jpeg");
    expect(sniffMime(b64("GIF89a...."))).toBe("image/gif");
    expect(sniffMime(b64("RIFF\x10\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffMime(b64("%PDF-1.7\n"))).toBe("application/pdf");
    expect(sniffMime(b64([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe("application/zip");
    expect(sniffMime(b64('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe("image/svg+xml");
    expect(sniffMime(b64("plain notes\nline two\n"))).toBe("text/plain");
    expect(sniffMime(b64([0, 1, 2, 3, 0xfe]))).toBe("application/octet-stream");
  });

  test("sizes: base64 length without decoding; Odoo's bin_size answers", () => {
    for (const n of [0, 1, 2, 3, 4, 100, 1001]) expect(base64Bytes(Buffer.alloc(n).toString("base64"))).toBe(n);
    expect(binSize(1234)).toBe(1234);
    expect(binSize("512.00 bytes")).toBe(512);
    expect(binSize("1.50 Kb")).toBe(1536);
    expect(binSize("2.00 Mb")).toBe(2 * 1024 * 1024);
    expect(binSize("iVBORw0KGgo=")).toBeUndefined();
    expect(binSize(false)).toBeUndefined();
  });
});
