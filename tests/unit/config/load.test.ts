import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { loadConfig } from "../../../src/config/load.ts";
import { configError, MINIMAL, tempDir, writeFile } from "./helpers.ts";

const dir = tempDir();
const file = (text: string, name = "config.yaml") => writeFile(dir, name, text);
const ENV_ONLY = { ODOO_URL: "http://odoo:8069/", DATABASE: "db", ODOO_MCP_UID: "admin", PASSWORD: "pw" };

describe("loadConfig: defaults and values", () => {
  test("the minimal file gets every documented default", async () => {
    const { config, path } = await loadConfig({ path: file(MINIMAL) });
    expect(path).toBe(join(dir, "config.yaml"));
    expect(config).toMatchObject({
      protocol: "auto",
      connection_type: "stdio",
      timeout: 30,
      requests_per_minute: 120,
      sse_queue_maxsize: 1000,
      allowed_origins: [],
      logging: {
        level: "INFO",
        format: "%(asctime)s - %(name)s - %(levelname)s - %(message)s",
        handlers: [{ type: "StreamHandler" }],
      },
      http: { host: "127.0.0.1", port: 8080, max_body_bytes: 1048576 },
      context: {},
      limits: { default_limit: 80, max_limit: 1000, binary_max_bytes: 26214400 },
      realtime: { poll_interval: 2, max_calls_per_minute: 600 },
    });
  });

  test("odoo_url loses its trailing slash; numeric uid strings become numbers; level is case-insensitive", async () => {
    const text = [
      "odoo_url: https://erp.example.com/",
      "database: db",
      'uid: "7"',
      "api_key: k",
      "logging: {level: debug}",
    ];
    const { config } = await loadConfig({ path: file(text.join("\n")) });
    expect(config.odoo_url).toBe("https://erp.example.com");
    expect(config.uid).toBe(7);
    expect(config.logging.level).toBe("DEBUG");
  });

  test("a path prefix stays (Odoo behind a proxy at /odoo); protocol and connection_type ignore case", async () => {
    const env = { ...ENV_ONLY, ODOO_URL: "https://erp.example.com/odoo/", PROTOCOL: "JSONRPC", CONNECTION_TYPE: "SSE" };
    const { config } = await loadConfig({ env });
    expect(config.odoo_url).toBe("https://erp.example.com/odoo");
    expect(config.protocol).toBe("jsonrpc");
    expect(config.connection_type).toBe("sse");
  });

  test("a login name stays a string", async () => {
    const { config } = await loadConfig({ env: ENV_ONLY });
    expect(config.uid).toBe("admin");
  });

  test("without a path, the environment alone configures everything", async () => {
    const { config, path } = await loadConfig({ env: ENV_ONLY });
    expect(path).toBeUndefined();
    expect(config.odoo_url).toBe("http://odoo:8069");
    expect(config.password).toBe("pw");
  });

  test("secrets lists every secret value for redaction", async () => {
    const env = { ...ENV_ONLY, ODOO_MCP_API_KEY: "key-1", ODOO_MCP_HTTP_AUTH_TOKEN: "tok-1" };
    const { secrets } = await loadConfig({ env });
    expect(secrets.sort()).toEqual(["key-1", "pw", "tok-1"]);
  });

  test("a password equal to the login is not a secret (redacting it would blank the login from every line)", async () => {
    const { secrets } = await loadConfig({ env: { ...ENV_ONLY, PASSWORD: "admin" } });
    expect(secrets).not.toContain("admin");
  });

  test("config.example.yaml loads and matches the defaults it documents", async () => {
    const { config } = await loadConfig({ path: join(import.meta.dir, "../../../config.example.yaml") });
    expect(config.odoo_url).toBe("http://localhost:8069");
    expect(config.http.port).toBe(8080);
    expect(config.limits.max_limit).toBe(1000);
  });
});

describe("loadConfig: file errors", () => {
  test("a missing file names the path", async () => {
    const path = join(dir, "nope.yaml");
    expect(await configError({ path })).toBe(`${path}: config file not found`);
  });

  test("an unreadable file (a directory) names the path", async () => {
    expect(await configError({ path: dir })).toContain(`${dir}: `);
  });

  test("invalid YAML gives the line, without quoting the source", async () => {
    const path = file(`${MINIMAL}\nhttp:\n  port: [1, 2\n  host: "x"\npassword: s3cr3t-value\n`, "bad.yaml");
    const message = await configError({ path });
    expect(message).toMatch(new RegExp(`^${path}:\\d+: invalid YAML: `));
    expect(message).not.toContain("s3cr3t-value");
  });

  test("a duplicate key is invalid YAML with its line", async () => {
    const path = file(`${MINIMAL}\ndatabase: other\n`, "dup.yaml");
    expect(await configError({ path })).toMatch(new RegExp(`^${path}:5: invalid YAML: .*[Uu]nique`));
  });

  test("a top level that is not a mapping is refused", async () => {
    const path = file("- a\n- b\n", "list.yaml");
    expect(await configError({ path })).toContain(`${path}:1: expected a mapping`);
  });
});

describe("loadConfig: validation messages name the key, the source and what was found", () => {
  test("a bad value in the file: file:line, dotted key, expectation, found value", async () => {
    const path = file(`${MINIMAL}\nhttp:\n  host: 0.0.0.0\n  port: 80a\n`);
    expect(await configError({ path })).toBe(`${path}:7: http.port: expected an integer 0–65535, got "80a"`);
  });

  test("several problems are all listed, one per line", async () => {
    const path = file(
      `${MINIMAL}\ntimeout: -1\nprotocol: soap\nallowed_origins: ["https://ok.example", "not an origin"]\n`,
    );
    const lines = (await configError({ path })).split("\n");
    expect(lines).toContain(`${path}:5: timeout: expected a number of seconds > 0, got -1`);
    expect(lines).toContain(`${path}:6: protocol: expected one of auto, jsonrpc, xmlrpc, json2, got "soap"`);
    expect(lines).toContain(
      `${path}:7: allowed_origins.1: expected an origin like "https://app.example.com" or "*", got "not an origin"`,
    );
    expect(lines).toHaveLength(3);
  });

  test("missing required keys say how to set them", async () => {
    const lines = (await configError({ env: {} })).split("\n");
    expect(lines).toContain(
      "odoo_url: missing (expected an http(s) URL like http://localhost:8069) — set it in the config file or with ODOO_URL or ODOO_MCP_ODOO_URL",
    );
    expect(lines.some((l) => l.startsWith("database: missing"))).toBe(true);
    expect(lines.some((l) => l.startsWith("uid: missing"))).toBe(true);
    expect(lines.some((l) => l.startsWith("password: no credential"))).toBe(true);
  });

  test("a FileHandler without filename points at the handler's line", async () => {
    const path = file(`${MINIMAL}\nlogging:\n  handlers:\n    - type: StreamHandler\n    - type: FileHandler\n`);
    expect(await configError({ path })).toBe(`${path}:8: logging.handlers.1.filename: missing (expected a file path)`);
  });

  test("an unknown handler type and an unknown log level", async () => {
    const path = file(`${MINIMAL}\nlogging:\n  level: verbose\n  handlers: [{type: SyslogHandler}]\n`);
    const lines = (await configError({ path })).split("\n");
    expect(lines).toContain(
      `${path}:6: logging.level: expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got "VERBOSE"`,
    );
    expect(lines.some((l) => l.startsWith(`${path}:7: logging.handlers.0.type: expected a handler with type`))).toBe(
      true,
    );
  });

  test("a format with an unknown placeholder is refused", async () => {
    const path = file(`${MINIMAL}\nlogging:\n  format: "%(asctime)s %(funcName)s %(message)s"\n`);
    expect(await configError({ path })).toContain(
      `${path}:6: logging.format: expected a Python logging format string (unknown placeholder %(funcName))`,
    );
  });

  test("cross-field: default_limit above max_limit", async () => {
    const path = file(`${MINIMAL}\nlimits:\n  default_limit: 500\n  max_limit: 100\n`);
    expect(await configError({ path })).toBe(
      `${path}:6: limits.default_limit: default_limit (500) must not exceed max_limit (100)`,
    );
  });

  test("a number where a string is expected suggests quoting, and a secret value is never shown", async () => {
    const path = file(["odoo_url: http://x", "database: 2024", "uid: admin", "password: 123456789"].join("\n"));
    const message = await configError({ path });
    expect(message).toContain(`${path}:2: database: expected a database name, got 2024 (put it in quotes)`);
    expect(message).toContain(`${path}:4: password: expected a non-empty string, got a number (put it in quotes)`);
    expect(message).not.toContain("123456789");
  });

  test("max_limit alone below the default default_limit is reported at the limits section", async () => {
    const path = file(`${MINIMAL}\nlimits:\n  max_limit: 50\n`);
    expect(await configError({ path })).toBe(
      `${path}:5: limits.default_limit: default_limit (80) must not exceed max_limit (50)`,
    );
  });

  test("a bad URL", async () => {
    const path = file(MINIMAL.replace("http://localhost:8069", "ftp://odoo"));
    expect(await configError({ path })).toBe(
      `${path}:1: odoo_url: expected an http(s) URL like http://localhost:8069, got "ftp://odoo"`,
    );
  });

  test("a URL copied from the browser, with a query or a fragment requests would drop", async () => {
    for (const url of ["https://erp.example.com/odoo/action-12?debug=1", "https://erp.example.com/web#id=7"]) {
      expect(await configError({ env: { ...ENV_ONLY, ODOO_URL: url } })).toBe(
        `env ODOO_URL: odoo_url: expected the base URL of Odoo without ?query or #fragment, like https://erp.example.com, got "${url}"`,
      );
    }
  });
});

describe("loadConfig: unknown keys are errors with a suggestion", () => {
  test("top-level and nested typos, each with its line", async () => {
    const path = file(`${MINIMAL}\ntimout: 5\nhttp:\n  prot: 80\n  hots: x\n`);
    const lines = (await configError({ path })).split("\n");
    expect(lines).toEqual([
      `${path}:5: timout: unknown key (did you mean "timeout"?)`,
      `${path}:7: http.prot: unknown key (did you mean "port"?)`,
      `${path}:8: http.hots: unknown key (did you mean "host"?)`,
    ]);
  });

  test("an unknown key far from every known one gets no suggestion", async () => {
    const path = file(`${MINIMAL}\nzzzzzzzz: 1\n`);
    expect(await configError({ path })).toBe(`${path}:5: zzzzzzzz: unknown key`);
  });

  test("unknown keys inside a handler", async () => {
    const path = file(`${MINIMAL}\nlogging:\n  handlers:\n    - type: FileHandler\n      filname: x.log\n`);
    const message = await configError({ path });
    expect(message).toContain(`${path}:8: logging.handlers.0.filname: unknown key (did you mean "filename"?)`);
  });

  test("an unknown ODOO_MCP_ variable", async () => {
    const message = await configError({ env: { ...ENV_ONLY, ODOO_MCP_HTTP_PROT: "1" } });
    expect(message).toBe('env ODOO_MCP_HTTP_PROT: unknown variable (did you mean "ODOO_MCP_HTTP_PORT"?)');
  });

  test("an override of an unknown key", async () => {
    const message = await configError({ env: ENV_ONLY, overrides: [{ key: "http.prot", value: "1", source: "--x" }] });
    expect(message).toBe('--x: unknown key "http.prot" (did you mean "http.port"?)');
  });
});
