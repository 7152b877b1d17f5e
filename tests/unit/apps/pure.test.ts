import { describe, expect, test } from "bun:test";
import { publicUrl } from "../../../src/apps/hints.ts";
import { chartOf, groupbyOf } from "../../../src/apps/views/chart-data.ts";
import { display, imageSrc } from "../../../src/apps/views/format.ts";
import type { ViewHints } from "../../../src/apps/views/hints.ts";
import { recordUrl } from "../../../src/apps/views/weburl.ts";

describe("recordUrl: the form each version's web client router accepts", () => {
  test("17: the hash form /web#id=…&model=…&view_type=form", () => {
    expect(recordUrl("https://erp.example.com/", 17, "res.partner", 7)).toBe(
      "https://erp.example.com/web#id=7&model=res.partner&view_type=form",
    );
  });
  test("18 and 19: /odoo/<model>/<id>, m-<model> for a model without a dot", () => {
    expect(recordUrl("https://erp.example.com", 18, "res.partner", 7)).toBe(
      "https://erp.example.com/odoo/res.partner/7",
    );
    expect(recordUrl("https://h/prefix", 19, "sale.order", 3)).toBe("https://h/prefix/odoo/sale.order/3");
    expect(recordUrl("https://h", 19, "website", 1)).toBe("https://h/odoo/m-website/1");
  });
});

test("publicUrl drops a proxy's user:password", () => {
  expect(publicUrl("https://bob:s3cret@erp.example.com/odoo/")).toBe("https://erp.example.com/odoo");
});

describe("display: values as a person reads them", () => {
  const where = { locale: "en-US", timeZone: "Europe/Brussels" };
  test("many2one by name, selection by label, empty values blank, relations counted", () => {
    expect(display([3, "Belgium"], { type: "many2one" }, {}, where)).toBe("Belgium");
    const sel = { type: "selection", selection: [["invoice", "Invoice Address"]] as Array<[string, string]> };
    expect(display("invoice", sel, {}, where)).toBe("Invoice Address");
    expect(display(false, { type: "char" }, {}, where)).toBe("");
    expect(display([1, 2, 3], { type: "many2many" }, {}, where)).toBe("3 records");
    expect(display(true, { type: "boolean" }, {}, where)).toBe("✓");
  });
  test("monetary with the record's currency, dates in the viewer's locale and zone", () => {
    const amount = { type: "monetary", currency_field: "currency_id" };
    expect(display(1234.5, amount, { currency_id: [1, "EUR"] }, where)).toBe("€1,234.50");
    expect(display(1234.5, amount, { currency_id: [9, "Gold"] }, where)).toBe("1,234.50 Gold");
    expect(display("2024-03-05", { type: "date" }, {}, where)).toBe("Mar 5, 2024");
    expect(display("2024-03-05 23:30:00", { type: "datetime" }, {}, where)).toBe("Mar 6, 2024, 12:30 AM");
    expect(display("2024-03-05 23:30:00", { type: "datetime" }, {}, { locale: "de-DE", timeZone: "UTC" })).toBe(
      "05.03.2024, 23:30",
    );
  });
  test("images only from image bytes", () => {
    expect(imageSrc("iVBORw0KGgoAAAANSUhEUg")).toStartWith("data:image/png;base64,");
    expect(imageSrc("1.2 Mb")).toBeUndefined();
  });
});

const hints = (args: Record<string, unknown>, fields: ViewHints["fields"] = {}): ViewHints => ({
  tool: "odoo_call_method",
  model: "res.partner",
  major: 19,
  web: "http://odoo",
  fields,
  args,
});

describe("chartOf: bars, lines or a pie from grouped rows", () => {
  // The rows of 19's jsonrpc_read_group_m2o and jsonrpc_formatted_read_group_m2o captures.
  const readGroup = [
    { country_id: [128, "Liechtenstein"], country_id_count: 1, __domain: [] },
    { country_id: [139, "Montenegro"], country_id_count: 1, __domain: [] },
    { country_id: [203, "San Marino"], country_id_count: 5, __domain: [] },
  ];
  test("read_group by many2one: a pie of counts, names as labels", () => {
    const args = { method: "read_group", args: [[], ["country_id"], ["country_id"]], kwargs: {} };
    const c = chartOf(readGroup, hints(args, { country_id: { type: "many2one", string: "Country" } }));
    expect(c?.kind).toBe("pie");
    expect(c?.labels).toEqual(["Liechtenstein", "Montenegro", "San Marino"]);
    expect(c?.series).toEqual([{ key: "country_id_count", name: "Count", values: [1, 1, 5], charted: true }]);
  });
  test("formatted_read_group: aggregates by spec; counts beside, not charted, when a measure exists", () => {
    const rows = [
      { country_id: [1, "A"], __extra_domain: [], __count: 2, "id:count_distinct": 2, "credit:sum": 10 },
      { country_id: [2, "B"], __extra_domain: [], __count: 3, "id:count_distinct": 3, "credit:sum": -4 },
    ];
    const args = { method: "formatted_read_group", kwargs: { groupby: ["country_id"] } };
    const c = chartOf(rows, hints(args));
    expect(c?.kind).toBe("bar");
    expect(c?.series.filter((s) => s.charted).map((s) => s.key)).toEqual(["id:count_distinct", "credit:sum"]);
    expect(c?.series.find((s) => s.key === "__count")?.charted).toBe(false);
  });
  test("a boolean grouping reads Yes and No, an empty many2one None", () => {
    const rows = [
      { is_company: false, is_company_count: 30 },
      { is_company: true, is_company_count: 8 },
    ];
    const c = chartOf(rows, hints({ groupby: ["is_company"] }, { is_company: { type: "boolean" } }));
    expect(c?.labels).toEqual(["No", "Yes"]);
    expect(chartOf([{ parent_id: false, __count: 1 }], hints({ groupby: "parent_id" }))?.labels).toEqual(["None"]);
  });
  test("odoo_aggregate's {key, count, values} groups, many2one {id, name} and date buckets {value, label}", () => {
    const groups = [
      {
        key: { country_id: { id: 1, name: "Belgium" } },
        count: 4,
        values: { __count: 4, "credit:sum": 10 },
        domain: [],
      },
      { key: { country_id: null }, count: 2, values: { __count: 2, "credit:sum": 5 }, domain: [] },
    ];
    const args = { model: "res.partner", groupby: ["country_id"], aggregates: ["__count", "credit:sum"] };
    const c = chartOf({ groups, api: "read_group" }, hints(args));
    expect(c?.labels).toEqual(["Belgium", "None"]);
    expect(c?.series.map((s) => [s.key, s.values, s.charted])).toEqual([
      ["__count", [4, 2], false],
      ["credit:sum", [10, 5], true],
    ]);
    const months = [
      { key: { "date:month": { value: "2024-01-01", label: "January 2024" } }, count: 1, values: {}, domain: [] },
      { key: { "date:month": { value: "2024-02-01", label: "February 2024" } }, count: 3, values: {}, domain: [] },
    ];
    const line = chartOf({ groups: months }, hints({ groupby: ["date:month"] }));
    expect(line?.kind).toBe("line");
    expect(line?.labels).toEqual(["January 2024", "February 2024"]);
    expect(line?.series[0]?.values).toEqual([1, 3]);
  });
  test("a time grouping is a line", () => {
    const rows = [
      { "create_date:month": "January 2024", __count: 2 },
      { "create_date:month": "February 2024", __count: 4 },
    ];
    const c = chartOf(rows, hints({ groupby: ["create_date:month"] }));
    expect(c?.kind).toBe("line");
    expect(c?.labels).toEqual(["January 2024", "February 2024"]);
  });
  test("groupby from each calling form; nothing to chart in a plain answer", () => {
    expect(groupbyOf({ method: "read_group", args: [[], [], ["a", "b"]] })).toEqual(["a", "b"]);
    expect(groupbyOf({ method: "formatted_read_group", args: [[], ["x"]] })).toEqual(["x"]);
    expect(groupbyOf({ groupby: "y" })).toEqual(["y"]);
    expect(chartOf(true, undefined)).toBeUndefined();
    expect(chartOf([[1, "x"]], undefined)).toBeUndefined();
  });
});
