import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../../src/config/load.ts";
import { configError, MINIMAL, tempDir, writeFile } from "./helpers.ts";

const dir = tempDir();
const BASE = { ODOO_URL: "http://odoo:8069", DATABASE: "db", ODOO_MCP_UID: "admin", PASSWORD: "pw" };

describe("environment and flag overrides", () => {
  test("the environment overrides the file", async () => {
    const path = writeFile(dir, "a.yaml", `${MINIMAL}\nrequests_per_minute: 10\n`);
    const { config } = await loadConfig({ path, env: { DATABASE: "from_env", REQUESTS_PER_MINUTE: "60" } });
    expect(config.database).toBe("from_env");
    expect(config.requests_per_minute).toBe(60);
  });

  test("an ODOO_MCP_ name wins over the documented bare name", async () => {
    const env = { ...BASE, UID: "0", ODOO_MCP_UID: "bob", ODOO_URL: "http://a", ODOO_MCP_ODOO_URL: "http://b" };
    const { config } = await loadConfig({ env });
    expect(config.uid).toBe("bob");
    expect(config.odoo_url).toBe("http://b");
  });

  test("an exported UID that is the Unix user id is not an Odoo user: ignored, with a note", async () => {
    const path = writeFile(dir, "uid.yaml", MINIMAL);
    const ignored = await loadConfig({ path, env: { UID: "1000" }, unixUid: 1000 });
    expect(ignored.config.uid).toBe("admin");
    expect(ignored.notes).toEqual([
      "env UID=1000 ignored: it is the Unix user id the shell exported, not an Odoo user; set ODOO_MCP_UID to choose the Odoo user from the environment",
    ]);
    const used = await loadConfig({ path, env: { UID: "6" }, unixUid: 1000 });
    expect(used.config.uid).toBe(6);
    expect(used.notes).toEqual([]);
    expect((await loadConfig({ path, env: { ODOO_MCP_UID: "1000" }, unixUid: 1000 })).config.uid).toBe(1000);
  });

  test("flags win over the environment", async () => {
    const overrides = [{ key: "http.port", value: "9001", source: "--port" }];
    const { config } = await loadConfig({ env: { ...BASE, ODOO_MCP_HTTP_PORT: "9000" }, overrides });
    expect(config.http.port).toBe(9001);
  });

  test("nested keys, numbers and case-insensitive levels from the environment", async () => {
    const env = {
      ...BASE,
      ODOO_MCP_HTTP_HOST: "0.0.0.0",
      ODOO_MCP_TIMEOUT: "2.5",
      ODOO_MCP_LOGGING_LEVEL: "warning",
      ODOO_MCP_CONTEXT_LANG: "fr_BE",
      ODOO_MCP_CONTEXT_COMPANY_ID: "3",
      ODOO_MCP_LIMITS_MAX_LIMIT: "50",
      ODOO_MCP_LIMITS_DEFAULT_LIMIT: "20",
    };
    const { config } = await loadConfig({ env });
    expect(config.http.host).toBe("0.0.0.0");
    expect(config.timeout).toBe(2.5);
    expect(config.logging.level).toBe("WARNING");
    expect(config.context).toEqual({ lang: "fr_BE", company_id: 3 });
    expect(config.limits).toMatchObject({ max_limit: 50, default_limit: 20 });
  });

  test("ALLOWED_ORIGINS as a JSON list or a comma list", async () => {
    const json = await loadConfig({ env: { ...BASE, ALLOWED_ORIGINS: '["*"]' } });
    expect(json.config.allowed_origins).toEqual(["*"]);
    const comma = await loadConfig({ env: { ...BASE, ALLOWED_ORIGINS: "https://A.example, http://b.example:8080/" } });
    expect(comma.config.allowed_origins).toEqual(["https://a.example", "http://b.example:8080"]);
  });

  test("a list of handlers as JSON", async () => {
    const handlers = '[{"type":"StreamHandler","level":"error"}]';
    const { config } = await loadConfig({ env: { ...BASE, ODOO_MCP_LOGGING_HANDLERS: handlers } });
    expect(config.logging.handlers).toEqual([{ type: "StreamHandler", level: "ERROR" }]);
  });

  test("empty variables count as unset", async () => {
    const { config } = await loadConfig({ env: { ...BASE, PROTOCOL: "", ODOO_MCP_HTTP_PORT: "" } });
    expect(config.protocol).toBe("auto");
    expect(config.http.port).toBe(8080);
  });

  test("a bad env value names the variable", async () => {
    const message = await configError({ env: { ...BASE, ODOO_MCP_HTTP_PORT: "80a", CONNECTION_TYPE: "websocket" } });
    expect(message.split("\n")).toEqual([
      'env CONNECTION_TYPE: connection_type: expected one of stdio, sse, got "websocket"',
      'env ODOO_MCP_HTTP_PORT: http.port: expected an integer 0–65535, got "80a"',
    ]);
  });

  test("a bad list item from the environment names the variable", async () => {
    const message = await configError({ env: { ...BASE, ALLOWED_ORIGINS: "https://ok.example,/relative" } });
    expect(message).toBe(
      'env ALLOWED_ORIGINS: allowed_origins.1: expected an origin like "https://app.example.com" or "*", got "/relative"',
    );
  });

  test("a value overridden by the environment is reported at the variable, not the file line", async () => {
    const path = writeFile(dir, "b.yaml", `${MINIMAL}\nhttp:\n  port: 8081\n`);
    const message = await configError({ path, env: { ODOO_MCP_HTTP_PORT: "99999" } });
    expect(message).toBe("env ODOO_MCP_HTTP_PORT: http.port: expected an integer 0–65535, got 99999");
  });

  test("a bad flag value names the flag", async () => {
    const overrides = [{ key: "timeout", value: "soon", source: "--timeout" }];
    expect(await configError({ env: BASE, overrides })).toBe(
      '--timeout: timeout: expected a number of seconds > 0, got "soon"',
    );
  });
});

describe("secrets from files", () => {
  test("password_file, api_key_file and http.auth_token_file are read, trailing newline dropped", async () => {
    const pw = writeFile(dir, "pw", "file-password\n");
    const key = writeFile(dir, "key", "file-key\r\n");
    const token = writeFile(dir, "token", "file-token");
    const env = { ...BASE, PASSWORD: "", ODOO_MCP_PASSWORD_FILE: pw, ODOO_MCP_API_KEY_FILE: key };
    const overrides = [{ key: "http.auth_token_file", value: token, source: "--x" }];
    const { config, secrets } = await loadConfig({ env, overrides });
    expect(config.password).toBe("file-password");
    expect(config.api_key).toBe("file-key");
    expect(config.http.auth_token).toBe("file-token");
    expect(secrets.sort()).toEqual(["file-key", "file-password", "file-token"]);
  });

  test("an unreadable secret file names the key and the path", async () => {
    const missing = join(dir, "no-such-secret");
    const message = await configError({ env: { ...BASE, ODOO_MCP_API_KEY_FILE: missing } });
    expect(message).toBe(`env ODOO_MCP_API_KEY_FILE: api_key_file: cannot read "${missing}" (ENOENT)`);
  });

  test("an empty secret file is an error", async () => {
    const empty = writeFile(dir, "empty", "\n");
    const path = writeFile(dir, "c.yaml", `${MINIMAL.replace("password: pw", `password_file: ${empty}`)}\n`);
    expect(await configError({ path })).toBe(`${path}:4: password_file: file "${empty}" is empty`);
  });

  test("password and password_file in the same file is an error", async () => {
    const path = writeFile(dir, "d.yaml", `${MINIMAL}\npassword_file: /run/secrets/pw\n`);
    expect(await configError({ path })).toBe(`${path}:4: password: set either password or password_file, not both`);
  });

  test("PASSWORD in the environment replaces password_file from the file", async () => {
    const path = writeFile(dir, "e.yaml", `${MINIMAL.replace("password: pw", "password_file: /nonexistent")}\n`);
    const { config } = await loadConfig({ path, env: { PASSWORD: "env-pw" } });
    expect(config.password).toBe("env-pw");
    expect(config.password_file).toBeUndefined();
  });

  test("both spellings in the environment is an error", async () => {
    const message = await configError({ env: { ...BASE, ODOO_MCP_PASSWORD_FILE: "/x" } });
    expect(message).toBe("env ODOO_MCP_PASSWORD_FILE: password_file: env PASSWORD sets password too; set only one");
  });

  test("no secret value ever appears in an error message", async () => {
    const env = {
      ...BASE,
      PASSWORD: "hunter2-secret",
      ODOO_MCP_HTTP_AUTH_TOKEN: "tok-secret",
      ODOO_MCP_HTTP_PORT: "x",
    };
    const path = writeFile(dir, "f.yaml", "api_key: [key-secret]\npasswrd: typo-secret\n");
    const message = await configError({ path, env });
    for (const s of ["hunter2-secret", "tok-secret", "key-secret", "typo-secret"]) expect(message).not.toContain(s);
    expect(message).toContain(`${path}:1: api_key: expected a non-empty string, got a list`);
    expect(message).toContain(`${path}:2: passwrd: unknown key (did you mean "password"?)`);
  });
});

describe("log files", () => {
  test("a FileHandler whose file cannot be opened is reported at its line", async () => {
    const bad = join(dir, "missing-dir", "x.log");
    const path = writeFile(
      dir,
      "g.yaml",
      `${MINIMAL}\nlogging:\n  handlers:\n    - type: FileHandler\n      filename: ${bad}\n`,
    );
    expect(await configError({ path })).toBe(
      `${path}:8: logging.handlers.0.filename: cannot open "${bad}" for appending (ENOENT)`,
    );
  });

  test("an openable log file is created and left untouched otherwise", async () => {
    const log = join(dir, "ok.log");
    writeFileSync(log, "earlier line\n");
    const path = writeFile(
      dir,
      "h.yaml",
      `${MINIMAL}\nlogging:\n  handlers:\n    - type: FileHandler\n      filename: ${log}\n`,
    );
    await loadConfig({ path });
    expect(readFileSync(log, "utf8")).toBe("earlier line\n");
  });
});
