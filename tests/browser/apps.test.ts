// The MCP Apps views in a real browser: headless Chromium (the Debian package; no browser download) loads the test
// host page, which embeds each view as a host does (sandboxed iframe, postMessage, the spec's default CSP) and talks
// to the compiled binary over HTTP, against the fake Odoo 17, 18 and 19. Checks what a person sees; screenshots go
// to .test-results/apps/.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Frame, type Page } from "playwright-core";
import { HINTS_KEY, type ViewHints } from "../../src/apps/views/hints.ts";
import { type FakeOdoo, type FakeVersion, startFakeOdoo } from "../../src/fake-odoo/index.ts";
import { ensureBinary } from "../e2e/binary.ts";
import { httpConfig, type Served, spawnHttp } from "../e2e/http-spawn.ts";
import { startHost } from "./host-server.ts";

const CHROMIUM = process.env["CHROMIUM"] ?? "/usr/bin/chromium";
const OUT = join(import.meta.dir, "../../.test-results/apps");
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const SLOW = { timeout: 120_000 };

if (!existsSync(CHROMIUM) && process.env["CI"]) throw new Error(`${CHROMIUM} is missing: .ci/run installs chromium`);
const run = existsSync(CHROMIUM) ? describe : describe.skip;

type Row = Record<string, unknown>;
interface Result {
  structuredContent: Row;
  _meta?: Record<string, ViewHints>;
}

let context: BrowserContext;
let profile: string;
let binary: Promise<string>;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  mkdirSync(OUT, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), "odoo-mcp-chromium-"));
  // The binary alone in a directory of its own, run from there: the views must be inside it.
  binary = ensureBinary().then((built) => {
    const alone = join(profile, "odoo-mcp");
    copyFileSync(built, alone);
    chmodSync(alone, 0o755);
    return alone;
  });
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS, // the fresh profile is passed as --user-data-dir by Playwright
    viewport: { width: 480, height: 900 },
    deviceScaleFactor: 2,
  });
}, SLOW);
afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const LIGHT = { theme: "light", locale: "en-US", timeZone: "UTC" } as const;

for (const version of ["17.0", "18.0", "19.0"] as FakeVersion[]) {
  const major = Number.parseInt(version, 10);
  run(`Odoo ${version}`, () => {
    let fake: FakeOdoo;
    let served: Served;
    let host: { url: string; stop(): void };
    let page: Page;
    const errors: string[] = [];
    const foreign: string[] = [];

    beforeAll(async () => {
      fake = await startFakeOdoo({ version });
      served = await spawnHttp(await binary, ["--config", httpConfig(fake, `apps-${version}.yaml`)], profile);
      host = await startHost(served.url);
      page = await context.newPage();
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("request", (r) => {
        const url = r.url();
        if (!url.startsWith(`${host.url}/`) && !/^(data|about|blob):/.test(url)) foreign.push(url);
      });
      await page.goto(host.url);
    }, SLOW);
    afterAll(async () => {
      await page?.close();
      host?.stop();
      await served?.stop();
      await fake?.stop();
    });

    const show = (name: string, args: Row, ctx: Row = LIGHT) =>
      page.evaluate(([n, a, c]) => (window as never as HostWindow).host.show(n, a, c), [
        name,
        args,
        ctx,
      ] as const) as Promise<Result>;
    const call = (name: string, args: Row) =>
      page.evaluate(([n, a]) => (window as never as HostWindow).host.call(n, a), [
        name,
        args,
      ] as const) as Promise<Result>;
    const view = () => page.frameLocator("iframe");
    const frame = async (): Promise<Frame> => {
      const f = await (await page.$("iframe"))?.contentFrame();
      if (!f) throw new Error("no view frame");
      return f;
    };
    const shot = (name: string) => page.locator("iframe").screenshot({ path: join(OUT, `${name}-${version}.png`) });
    const firstCells = () => view().locator("tbody tr td:first-child").allTextContents();
    const fitsColumn = async () =>
      (await frame()).evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

    const people = {
      model: "res.partner",
      domain: [["is_company", "=", false]],
      fields: ["name", "parent_id", "type", "email"],
      limit: 5,
      order: "id",
    };

    test(
      "records view: names, many2one names, selection labels, the count, links in the version's URL form",
      async () => {
        const result = await show("odoo_search_read", people);
        const { records, count } = result.structuredContent as { records: Row[]; count: number };
        const hints = result._meta?.[HINTS_KEY];
        await view().locator("tbody tr").nth(4).waitFor();
        expect(await firstCells()).toEqual(records.map((r) => String(r["name"])));
        const company = records.find((r) => Array.isArray(r["parent_id"])) as Row;
        const row = view().locator(`tr[data-id="${company["id"]}"]`);
        expect(await row.locator("td").nth(1).textContent()).toBe((company["parent_id"] as [number, string])[1]);
        const label = hints?.fields["type"]?.selection?.find(([v]) => v === company["type"])?.[1];
        expect(label).toBeTruthy();
        expect(await row.locator("td").nth(2).textContent()).toBe(label as string);
        expect(await view().locator(".count").textContent()).toBe(`1–5 of ${count} records`);
        const id = records[0]?.["id"];
        const href =
          major < 18
            ? `${fake.url}/web#id=${id}&model=res.partner&view_type=form`
            : `${fake.url}/odoo/res.partner/${id}`;
        const link = view().locator("tbody tr").first().locator("a");
        expect(await link.getAttribute("href")).toBe(href);
        await link.click();
        expect(await page.evaluate(() => (window as never as HostWindow).host.links)).toContain(href);
        expect(await fitsColumn()).toBe(true);
        await shot("records");
      },
      SLOW,
    );

    test(
      "records view: the next page after a click, sorting by a column through Odoo",
      async () => {
        await show("odoo_search_read", people);
        await view().locator("tbody tr").nth(4).waitFor();
        const second = await call("odoo_search_read", { ...people, offset: 5 });
        const names = (second.structuredContent["records"] as Row[]).map((r) => String(r["name"]));
        await view().locator("button.next").click();
        await view().locator(".count", { hasText: /^6–/ }).waitFor();
        expect(await firstCells()).toEqual(names);

        for (const dir of ["asc", "desc"]) {
          await view().locator('th button[data-field="name"]').click();
          const sorted = await call("odoo_search_read", { ...people, order: `name ${dir}`, offset: 0 });
          const want = (sorted.structuredContent["records"] as Row[]).map((r) => String(r["name"]));
          await view()
            .locator(`th[aria-sort="${dir === "asc" ? "ascending" : "descending"}"]`)
            .waitFor();
          await view().locator("tbody tr td:first-child", { hasText: want[0] }).first().waitFor();
          await view().locator(".count", { hasText: /^1–5/ }).waitFor();
          expect(await firstCells()).toEqual(want);
        }
      },
      SLOW,
    );

    test(
      "record card: title, image, fields by label, a link to Odoo",
      async () => {
        const args = {
          model: "res.partner",
          ids: [3],
          fields: ["display_name", "email", "country_id", "type", "image_128"],
        };
        const result = await show("odoo_read", args);
        const record = (result.structuredContent["records"] as Row[])[0] as Row;
        await view().locator("article.card h2").waitFor();
        expect(await view().locator("h2").textContent()).toBe(String(record["display_name"]));
        expect(await view().locator('[data-field="email"] dd').textContent()).toBe(String(record["email"]));
        expect(await view().locator('[data-field="email"] dt').textContent()).toBe("Email");
        const country = record["country_id"];
        if (Array.isArray(country)) {
          expect(await view().locator('[data-field="country_id"] dd').textContent()).toBe(String(country[1]));
        }
        const img = view().locator("img.avatar");
        expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
        const href = major < 18 ? "/web#id=3&model=res.partner&view_type=form" : "/odoo/res.partner/3";
        expect(await view().locator("a", { hasText: "Open in Odoo" }).getAttribute("href")).toBe(`${fake.url}${href}`);
        expect(await fitsColumn()).toBe(true);
        await shot("card");
      },
      SLOW,
    );

    test(
      "record card: the chatter's last messages; several records read as a table sorted here",
      async () => {
        const body = `Called about the order (${version})`;
        const post = await call("odoo_call_method", {
          model: "res.partner",
          method: "message_post",
          args: [[3]],
          kwargs: { body, message_type: "comment" },
        });
        expect(post.structuredContent["result"]).toBeTruthy();
        await show("odoo_read", { model: "res.partner", ids: [3], fields: ["display_name", "email"] });
        await view().locator(".chatter .message").first().waitFor();
        expect(await view().locator(".chatter .message").first().textContent()).toContain(body);
        await shot("card-chatter");

        const many = await show("odoo_read", { model: "res.partner", ids: [3, 1, 2], fields: ["name", "email"] });
        const names = (many.structuredContent["records"] as Row[]).map((r) => String(r["name"]));
        await view().locator("tbody tr").nth(2).waitFor();
        expect(await firstCells()).toEqual(names);
        await view().locator('th button[data-field="name"]').click();
        expect(await firstCells()).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
        await view().locator('th button[data-field="name"]').click();
        expect(await firstCells()).toEqual(
          [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).reverse(),
        );
      },
      SLOW,
    );

    test(
      "chart: one bar per group, the bars' values are read_group's counts, the numbers beside",
      async () => {
        const args = { model: "res.partner", method: "read_group", args: [[], ["parent_id"], ["parent_id"]] };
        const result = await show("odoo_call_method", args);
        const groups = result.structuredContent["result"] as Row[];
        expect(groups.length).toBeGreaterThan(6);
        const bars = view().locator("line.ct-bar");
        await bars.nth(groups.length - 1).waitFor({ state: "attached" });
        expect(await bars.count()).toBe(groups.length);
        // What a person reads: each bar against the axis label beside it, and the bar's length.
        const drawn = await (await frame()).evaluate(() => {
          const mid = (r: DOMRect) => r.top + r.height / 2;
          const labels = [...document.querySelectorAll(".ct-label.ct-vertical")].map((l) => ({
            text: l.textContent ?? "",
            y: mid(l.getBoundingClientRect()),
          }));
          return [...document.querySelectorAll("line.ct-bar")].map((bar) => {
            const y = mid(bar.getBoundingClientRect());
            const near = labels.reduce((a, b) => (Math.abs(b.y - y) < Math.abs(a.y - y) ? b : a));
            const length = Number(bar.getAttribute("x2")) - Number(bar.getAttribute("x1"));
            return { label: near.text, value: Number(bar.getAttribute("ct:value")), length };
          });
        });
        const name = (g: Row) => (Array.isArray(g["parent_id"]) ? String(g["parent_id"][1]) : "None");
        expect(Object.fromEntries(drawn.map((d) => [d.label, d.value]))).toEqual(
          Object.fromEntries(groups.map((g) => [name(g), g["parent_id_count"] as number])),
        );
        // Lengths in proportion to the values (same scale for every bar).
        const scale = (drawn[0]?.length ?? 0) / (drawn[0]?.value ?? 1);
        for (const d of drawn) expect(Math.abs(d.length - d.value * scale)).toBeLessThan(1);
        const beside = await view()
          .locator("td[data-value]")
          .evaluateAll((els) => els.map((e) => e.textContent));
        expect(beside).toEqual(groups.map((g) => String(g["parent_id_count"])));
        const labels = await view().locator("table.numbers tbody td:first-child").allTextContents();
        expect(labels).toEqual(groups.map(name));
        expect(await fitsColumn()).toBe(true);
        await shot("chart");
      },
      SLOW,
    );

    test(
      "chart: a few shares of one measure as a pie",
      async () => {
        // Companies and people: two shares of the partners, from 19's formatted_read_group or read_group before.
        const args =
          major >= 19
            ? {
                model: "res.partner",
                method: "formatted_read_group",
                args: [[]],
                kwargs: { groupby: ["is_company"], aggregates: ["__count"] },
              }
            : { model: "res.partner", method: "read_group", args: [[], ["is_company"], ["is_company"]] };
        const result = await show("odoo_call_method", args);
        const groups = result.structuredContent["result"] as Row[];
        expect(groups.length).toBe(2);
        const slices = view().locator("path.ct-slice-donut");
        await slices.nth(1).waitFor({ state: "attached" });
        const count = major >= 19 ? "__count" : "is_company_count";
        const values = await slices.evaluateAll((els) => els.map((e) => Number(e.getAttribute("ct:value"))));
        expect(values).toEqual(groups.map((g) => g[count] as number));
        const labels = await view().locator("table.numbers tbody td:first-child").allTextContents();
        expect(labels).toEqual(groups.map((g) => (g["is_company"] ? "Yes" : "No")));
        await shot("pie");
      },
      SLOW,
    );

    test(
      "chart: odoo_aggregate by month as a line, its points the groups' counts",
      async () => {
        const result = await show("odoo_aggregate", { model: "res.partner", groupby: ["create_date:month"] });
        const groups = result.structuredContent["groups"] as Array<{ key: Row; count: number }>;
        const points = view().locator("line.ct-point");
        await points.nth(groups.length - 1).waitFor({ state: "attached" });
        expect(await view().locator("path.ct-line").count()).toBe(1);
        const values = await points.evaluateAll((els) => els.map((e) => Number(e.getAttribute("ct:value"))));
        expect(values).toEqual(groups.map((g) => g.count));
        const labels = await view().locator("table.numbers tbody td:first-child").allTextContents();
        expect(labels).toEqual(groups.map((g) => String((g.key["create_date:month"] as Row)["label"])));
      },
      SLOW,
    );

    test(
      "a method answer with nothing to chart: one line saying what came back, the JSON folded",
      async () => {
        const result = await show("odoo_call_method", { model: "res.partner", method: "search_count", args: [[]] });
        const n = result.structuredContent["result"] as number;
        await view().locator(".answer summary").waitFor();
        expect(await view().locator(".answer summary").textContent()).toBe(`res.partner.search_count → ${n}`);
        expect(await view().locator(".answer pre").isVisible()).toBe(false);
      },
      SLOW,
    );

    test(
      "dark mode and host styles from the host context",
      async () => {
        await show("odoo_search_read", people, { ...LIGHT, theme: "dark" });
        await view().locator("tbody tr").nth(4).waitFor();
        const f = await frame();
        const look = () =>
          f.evaluate(() => ({
            theme: document.documentElement.getAttribute("data-theme"),
            bg: getComputedStyle(document.body).backgroundColor,
            fg: getComputedStyle(document.body).color,
          }));
        const dark = await look();
        expect(dark.theme).toBe("dark");
        const luminance = (c: string) => {
          const [r = 0, g = 0, b = 0] = (c.match(/\d+/g) ?? []).map(Number);
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        };
        expect(luminance(dark.bg)).toBeLessThan(0.25);
        expect(luminance(dark.fg)).toBeGreaterThan(0.6);
        await shot("records-dark");
        await page.evaluate((c) => (window as never as HostWindow).host.setContext(c), {
          ...LIGHT,
          theme: "light",
          styles: { variables: { "--color-background-primary": "#fdf6e3", "--font-sans": "Georgia, serif" } },
        } as Row);
        await f.waitForFunction(() => document.documentElement.getAttribute("data-theme") === "light");
        await f.waitForFunction(() => getComputedStyle(document.body).backgroundColor === "rgb(253, 246, 227)");
        expect(await f.evaluate(() => getComputedStyle(document.body).fontFamily)).toBe("Georgia, serif");
      },
      SLOW,
    );

    test("no console errors, no request outside the host", () => {
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
    });
  });
}

interface HostWindow {
  host: {
    links: string[];
    show(name: string, args: Row, context: Row): Promise<Result>;
    call(name: string, args: Row): Promise<Result>;
    setContext(context: Row): Promise<void>;
  };
}
