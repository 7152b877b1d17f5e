// The FROM scratch image, for real: `make image`, then the image run with Podman against the fake Odoo on loopback.
// Without Podman (or where it cannot run containers) the same root file system runs under chroot, and the test says so.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type FakeOdoo, startFakeOdoo } from "../../src/fake-odoo/index.ts";
import { ensureBinary } from "./binary.ts";

const root = join(import.meta.dir, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "odoo-mcp-container-"));
const TOKEN = "container-test-token-0123456789";
const IMAGE = `localhost/odoo-mcp:test-${process.pid}`;
const NAME = `odoo-mcp-test-${process.pid}`;
// How Podman runs as root on this kind of machine (no systemd, no cgroup delegation, ulimits it may not raise).
const CONF = join(dir, "containers.conf");
writeFileSync(CONF, "[containers]\ndefault_ulimits = []\n");
const PODMAN_FLAGS = ["--runtime", "runc", "--cgroup-manager", "cgroupfs"];
const podmanEnv = { ...process.env, CONTAINERS_CONF: CONF };

function sh(argv: string[], env: Record<string, string | undefined> = podmanEnv) {
  const proc = Bun.spawnSync(argv, { cwd: root, env, stdout: "pipe", stderr: "pipe" });
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
}

/** Whether Podman is here and can run a container (a build alone does not prove it). */
function podmanWorks(): string | undefined {
  if (process.env.CONTAINER_TEST === "chroot") return "CONTAINER_TEST=chroot asked for the fallback";
  if (!Bun.which("podman")) return "podman is not installed (.ci/run installs it: apt-get install -y podman runc)";
  const info = sh(["podman", ...PODMAN_FLAGS, "info", "--format", "{{.Host.OCIRuntime.Name}}"]);
  return info.code === 0 ? undefined : `podman cannot run here: ${info.err.trim().split("\n").pop()}`;
}

/** What the image must hold, and nothing more: the Dockerfile's (scripts/rootfs.sh's) list. */
function expectedFiles(binary: string): string[] {
  const libs = sh(["ldd", binary]).out.match(/\/[^\s]+/g) ?? [];
  expect(libs.length).toBeGreaterThan(0);
  const files = [
    "usr/local/bin/odoo-mcp",
    "etc/ssl/certs/ca-certificates.crt",
    "etc/passwd",
    "etc/group",
    "etc/nsswitch.conf",
    ...libs.map((l) => l.slice(1)),
  ];
  const dirs = ["tmp", "home/odoo-mcp", "app/config", "app/logs"];
  const parents = (p: string) => p.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/"));
  return [...new Set([...files, ...dirs].flatMap(parents))].sort();
}

/** Every path in a tar archive, without leading ./ or trailing /. */
function tarList(archive: string): string[] {
  const listed = sh(["tar", "-tf", archive]);
  expect(listed.code).toBe(0);
  return listed.out
    .split("\n")
    .map((p) => p.replace(/^\.?\//, "").replace(/\/$/, ""))
    .filter((p) => p !== "" && p !== ".");
}

let odoo: FakeOdoo;
let binary: string;
let mode: "podman" | "chroot" | undefined;
let skipped: string | undefined;
let url: string;
let stopServer: () => void = () => {};
let serverPid = 0;
let chrootRun: (args: string[]) => string[] = (args) => args;
let chrootEnv: Record<string, string> = {};

beforeAll(async () => {
  [odoo, binary] = await Promise.all([startFakeOdoo({ version: "18.0" }), ensureBinary()]);
  const secrets = join(dir, "secrets");
  sh(["mkdir", "-p", secrets]);
  writeFileSync(join(secrets, "odoo_password"), `${odoo.users.admin.password}\n`);
  writeFileSync(join(secrets, "mcp_token"), `${TOKEN}\n`);
  chmodSync(secrets, 0o755);
  for (const f of ["odoo_password", "mcp_token"]) chmodSync(join(secrets, f), 0o644);
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port;
  probe.stop(true);
  url = `http://127.0.0.1:${port}`;
  // The documented variables, secrets as files; the image itself sets CONNECTION_TYPE, host 0.0.0.0 and the port.
  const env = {
    ODOO_URL: odoo.url,
    DATABASE: odoo.database,
    ODOO_MCP_UID: odoo.users.admin.login,
    ODOO_MCP_PASSWORD_FILE: "/run/secrets/odoo_password",
    ODOO_MCP_HTTP_AUTH_TOKEN_FILE: "/run/secrets/mcp_token",
    ODOO_MCP_HTTP_PORT: String(port),
  };

  const why = podmanWorks();
  if (why === undefined) {
    const made = sh([
      "make",
      "--no-print-directory",
      "image",
      `IMAGE=${IMAGE}`,
      `CONTAINER_FLAGS=${PODMAN_FLAGS.join(" ")}`,
    ]);
    if (made.code !== 0) throw new Error(`make image failed:\n${made.err}${made.out}`);
    const run = sh([
      "podman",
      ...PODMAN_FLAGS,
      "run",
      "-d",
      "--name",
      NAME,
      "--network",
      "host",
      "--health-interval",
      "disable",
      "-v",
      `${secrets}:/run/secrets:ro`,
      ...Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
      IMAGE,
    ]);
    if (run.code !== 0) throw new Error(`podman run failed:\n${run.err}`);
    mode = "podman";
    stopServer = () => void sh(["podman", ...PODMAN_FLAGS, "rm", "-f", "-t", "2", NAME]);
    serverPid = Number(sh(["podman", ...PODMAN_FLAGS, "inspect", "--format", "{{.State.Pid}}", NAME]).out.trim());
  } else if (process.getuid?.() === 0 && Bun.which("chroot")) {
    console.warn(`container test: ${why}; running the image's root file system with chroot instead`);
    const rootfs = join(dir, "rootfs");
    const made = sh([join(root, "scripts", "rootfs.sh"), binary, rootfs]);
    if (made.code !== 0) throw new Error(`scripts/rootfs.sh failed:\n${made.err}`);
    sh(["mkdir", "-p", join(rootfs, "run")]);
    sh(["cp", "-r", secrets, join(rootfs, "run", "secrets")]);
    // The image's ENV, then the run's.
    const imageEnv = { CONNECTION_TYPE: "sse", ODOO_MCP_HTTP_HOST: "0.0.0.0", HOME: "/home/odoo-mcp" };
    // What a container runtime provides beside the image: /proc and /dev, mounted in a private mount namespace
    // (gone when the process ends). The compiled Bun aborts without them.
    sh(["mkdir", "-p", join(rootfs, "proc"), join(rootfs, "dev")]);
    const [unshare, chroot] = [Bun.which("unshare") ?? "unshare", Bun.which("chroot") ?? "chroot"];
    const mounts = `mount --rbind /dev '${rootfs}/dev' && mount -t proc proc '${rootfs}/proc' && exec "$@"`;
    chrootRun = (args) => [
      unshare,
      "--mount",
      "--propagation",
      "private",
      "/bin/sh",
      "-c",
      mounts,
      "sh",
      chroot,
      "--userspec=10001:10001",
      rootfs,
      "/usr/local/bin/odoo-mcp",
      ...args,
    ];
    chrootEnv = { ...imageEnv, ...env };
    const proc = Bun.spawn(chrootRun(["serve"]), {
      env: chrootEnv,
      stdout: "ignore",
      stderr: "ignore",
    });
    mode = "chroot";
    stopServer = () => proc.kill();
    serverPid = proc.pid;
  } else {
    skipped = `${why}, and chroot needs root: the container test cannot run here`;
    console.warn(`container test SKIPPED: ${skipped}`);
    return;
  }
  // Up when /health answers ok.
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await Bun.sleep(200);
  }
  const logs = mode === "podman" ? sh(["podman", ...PODMAN_FLAGS, "logs", NAME]).err : "";
  throw new Error(`the ${mode} server never answered ${url}/health\n${logs}`);
}, 180_000);

afterAll(async () => {
  stopServer();
  if (mode === "podman") sh(["podman", ...PODMAN_FLAGS, "rmi", "-f", IMAGE]);
  await odoo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the FROM scratch image", () => {
  test("/health answers ok, with Odoo reachable through loopback", async () => {
    if (skipped) return;
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", odoo: { reachable: true, version: "18.0" }, demo: false });
  });

  test("one MCP call over Streamable HTTP, with the token from the secret file", async () => {
    if (skipped) return;
    const denied = await fetch(`${url}/mcp`, { method: "POST", body: "{}" });
    expect(denied.status).toBe(401);
    const client = new Client({ name: "container-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      }),
    );
    const result = (await client.callTool({
      name: "odoo_search_read",
      arguments: { model: "res.partner", domain: [["is_company", "=", true]], fields: ["name"], limit: 2 },
    })) as { isError?: boolean; content: Array<{ text?: string }> };
    expect(result.isError).toBeFalsy();
    expect(result.content[0]?.text).toContain("Azure Interior");
    await client.close();
  });

  test("the server runs as the non-root user odoo-mcp (10001)", () => {
    if (skipped) return;
    const status = readFileSync(`/proc/${serverPid}/status`, "utf8");
    // Real, effective, saved and filesystem uid, as the host sees them (rootful Podman maps ids one to one).
    expect(status).toMatch(/^Uid:\t10001\t10001\t10001\t10001$/m);
    if (mode === "podman") {
      expect(sh(["podman", ...PODMAN_FLAGS, "inspect", "--format", "{{.Config.User}}", NAME]).out.trim()).toBe(
        "10001:10001",
      );
    }
  });

  test("the image's own HEALTHCHECK (odoo-mcp healthcheck) passes", () => {
    if (skipped) return;
    if (mode === "chroot") {
      expect(sh(chrootRun(["healthcheck"]), chrootEnv)).toMatchObject({ code: 0, err: "" });
      return;
    }
    const check = sh(["podman", ...PODMAN_FLAGS, "healthcheck", "run", NAME]);
    expect(check.err).toBe("");
    expect(check.code).toBe(0);
    const [image] = JSON.parse(sh(["podman", ...PODMAN_FLAGS, "image", "inspect", IMAGE]).out) as Array<{
      Healthcheck?: { Test?: string[] };
      Config: { Cmd?: string[]; Entrypoint?: string[] };
    }>;
    expect(image?.Healthcheck?.Test).toEqual(["CMD", "/usr/local/bin/odoo-mcp", "healthcheck"]);
    const { Entrypoint = [], Cmd = [] } = image?.Config ?? {};
    expect([...Entrypoint, ...Cmd]).toEqual(["/usr/local/bin/odoo-mcp", "serve"]);
  });

  test("the image holds nothing but what the Dockerfile names", () => {
    if (skipped) return;
    let files: string[];
    if (mode === "podman") {
      const archive = join(dir, "image.tar");
      const saved = sh(["podman", ...PODMAN_FLAGS, "save", "--format", "docker-archive", "-o", archive, IMAGE]);
      expect(saved.code).toBe(0);
      const unpacked = join(dir, "image");
      sh(["mkdir", "-p", unpacked]);
      expect(sh(["tar", "-xf", archive, "-C", unpacked]).code).toBe(0);
      const manifest = JSON.parse(readFileSync(join(unpacked, "manifest.json"), "utf8")) as Array<{ Layers: string[] }>;
      const layers = manifest[0]?.Layers ?? [];
      // FROM scratch + one COPY: a single layer, and every file in it is on the list.
      expect(layers).toHaveLength(1);
      files = layers.flatMap((layer) => tarList(join(unpacked, layer)));
    } else {
      const rootfs = join(dir, "rootfs");
      const walk = (rel: string): string[] =>
        readdirSync(join(rootfs, rel), { withFileTypes: true }).flatMap((e) => {
          const path = rel ? `${rel}/${e.name}` : e.name;
          return e.isDirectory() ? [path, ...walk(path)] : [path];
        });
      // run/secrets, proc and dev are the test's mounts, not the image's.
      files = walk("").filter((p) => !/^(run|proc|dev)(\/|$)/.test(p));
    }
    expect([...new Set(files)].sort()).toEqual(expectedFiles(binary));
  });
});
