import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { ENV_VARS, loadConfig } from "../../../src/config/load.ts";
import { imageEnv, ROOT } from "./image-env.ts";

interface Service {
  image?: string;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  secrets?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  labels?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(join(ROOT, "docker-compose.yml"), "utf8")) as {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
};
const mcp = compose.services["mcp-server"] as Service;
const env = mcp.environment ?? {};
const readable = new Set(ENV_VARS.map((v) => v.name));

describe("docker-compose.yml", () => {
  test("odoo-mcp, Odoo 18 and PostgreSQL 16, each waiting for the one it needs to be healthy", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["db", "mcp-server", "odoo"]);
    expect(compose.services.odoo?.image).toBe("odoo:18.0");
    expect(compose.services.db?.image).toBe("postgres:16");
    expect(mcp.depends_on?.odoo?.condition).toBe("service_healthy");
    expect(compose.services.odoo?.depends_on?.db?.condition).toBe("service_healthy");
    // odoo-mcp reaches Odoo by its service name and port; Odoo reaches PostgreSQL by its own.
    const odooUrl = new URL(env.ODOO_URL ?? "");
    expect(odooUrl.hostname).toBe("odoo");
    expect(compose.services.odoo?.ports).toContain(`8069:${odooUrl.port}`);
    expect(compose.services.odoo?.environment?.HOST).toBe("db");
  });

  test("every variable set on mcp-server is one odoo-mcp reads", () => {
    const unread = Object.keys(env).filter((name) => !readable.has(name));
    expect(unread).toEqual([]);
    expect(Object.keys(env).length).toBeGreaterThan(5);
  });

  test("secrets are files: each *_FILE names a secret the service mounts, defined by a file", () => {
    const files = Object.entries(env).filter(([name]) => name.endsWith("_FILE"));
    expect(files.map(([name]) => name).sort()).toEqual(["ODOO_MCP_HTTP_AUTH_TOKEN_FILE", "ODOO_MCP_PASSWORD_FILE"]);
    for (const [, path] of files) {
      const secret = path.replace("/run/secrets/", "");
      expect(mcp.secrets).toContain(secret);
      expect(compose.secrets[secret]?.file).toStartWith("./secrets/");
    }
    // No secret value in the file itself.
    expect(Object.keys(env).filter((n) => /PASSWORD$|API_KEY$|TOKEN$/.test(n))).toEqual([]);
  });

  test("the image's environment, the compose environment and the mounted config file make a valid config", async () => {
    const dir = mkdtempSync(join(tmpdir(), "odoo-mcp-compose-"));
    const secretFiles = Object.fromEntries(
      Object.entries(env)
        .filter(([name]) => name.endsWith("_FILE"))
        .map(([name, path]) => {
          const local = join(dir, path.replace("/run/secrets/", ""));
          writeFileSync(local, "a-secret-value-long-enough-for-a-token\n");
          return [name, local];
        }),
    );
    // The config volume's source, where the command's --config path says it is mounted.
    const [configArg] = (mcp.command ?? []).slice((mcp.command ?? []).indexOf("--config") + 1);
    const configMount = (mcp.volumes ?? []).find((v) => v.split(":")[1] === dirname(configArg ?? ""));
    expect(configMount).toBeDefined();
    const configFile = join(ROOT, configMount?.split(":")[0] ?? "", (configArg ?? "").replace(/^.*\//, ""));
    const logs = (mcp.volumes ?? []).find((v) => v.startsWith("mcp-logs:"))?.split(":")[1];
    expect(logs).toBe("/app/logs");
    // The loader opens log files: the logs volume is a temporary folder here.
    const localLogs = join(dir, "logs");
    mkdirSync(localLogs);
    const local = join(dir, "config.yaml");
    writeFileSync(local, readFileSync(configFile, "utf8").replaceAll(`${logs}/`, `${localLogs}/`));
    const { config } = await loadConfig({ path: local, env: { ...imageEnv(), ...env, ...secretFiles } });
    expect(config.connection_type).toBe("sse");
    expect(config.http.host).toBe("0.0.0.0");
    expect(config.http.auth_token).toBeDefined();
    expect(config.password).toBeDefined();
    // Log and audit files land on the logs volume.
    const files = config.logging.handlers.flatMap((h) => (h.type === "FileHandler" ? [h.filename] : []));
    expect(files.length).toBeGreaterThan(0);
    for (const file of [...files, config.audit.file]) expect(dirname(file ?? "")).toBe(localLogs);
    // The published port is the port odoo-mcp listens on, which its health check and Prometheus labels use.
    expect(mcp.ports).toEqual([`${config.http.port}:${config.http.port}`]);
    expect(mcp.labels?.["prometheus.port"]).toBe(String(config.http.port));
    expect(mcp.labels?.["prometheus.path"]).toBe("/metrics");
    expect(mcp.labels?.["prometheus.enable"]).toBe("true");
    // `odoo-mcp healthcheck` asks 127.0.0.1:$ODOO_MCP_HTTP_PORT — the same port, inside the container.
    expect(mcp.healthcheck?.test).toEqual(["CMD", "/usr/local/bin/odoo-mcp", "healthcheck"]);
    expect(imageEnv().ODOO_MCP_HTTP_PORT).toBe(String(config.http.port));
  });

  test("the Dockerfile's HEALTHCHECK is the one compose runs", () => {
    const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
    const line = dockerfile.split("\n").find((l) => l.startsWith("HEALTHCHECK"));
    expect(line).toContain(`CMD ${JSON.stringify(mcp.healthcheck?.test.slice(1)).replaceAll(",", ", ")}`);
  });
});
