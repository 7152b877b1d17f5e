import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { ENV_VARS } from "../../../src/config/load.ts";
import { imageEnv, imageUser, ROOT } from "./image-env.ts";

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects are walked as plain parsed YAML.
type Obj = any;
const dir = join(ROOT, "deploy", "kubernetes");
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
const docs: Obj[] = files.flatMap((f) =>
  parseAllDocuments(readFileSync(join(dir, f), "utf8")).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  }),
);
const byKind = (kind: string) => docs.filter((d) => d?.kind === kind);
const [deployment] = byKind("Deployment");
const [service] = byKind("Service");
const [secret] = byKind("Secret");
const pod = deployment?.spec?.template?.spec;
const container = pod?.containers?.[0];

describe("deploy/kubernetes", () => {
  test("a Deployment, a Service and a Secret, all listed by the kustomization", () => {
    expect(byKind("Deployment")).toHaveLength(1);
    expect(byKind("Service")).toHaveLength(1);
    expect(byKind("Secret")).toHaveLength(1);
    const [kustomization] = byKind("Kustomization");
    expect([...kustomization.resources].sort()).toEqual(files.filter((f) => f !== "kustomization.yaml").sort());
  });

  test("the Service selects the pods and targets the port odoo-mcp listens on", () => {
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    const port = container.ports.find((p: Obj) => p.name === service.spec.ports[0].targetPort);
    const listens =
      container.env.find((e: Obj) => e.name === "ODOO_MCP_HTTP_PORT")?.value ?? imageEnv().ODOO_MCP_HTTP_PORT;
    expect(String(port?.containerPort)).toBe(listens);
  });

  test("liveness and readiness ask /health on that port", () => {
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(probe.httpGet.path).toBe("/health");
      expect(container.ports.map((p: Obj) => p.name)).toContain(probe.httpGet.port);
    }
    // Liveness is slower to give up than readiness: an Odoo outage takes the pod out of service before restarting it.
    const patience = (p: Obj) => p.periodSeconds * p.failureThreshold;
    expect(patience(container.livenessProbe)).toBeGreaterThan(patience(container.readinessProbe));
    const annotations = deployment.spec.template.metadata.annotations;
    expect(annotations["prometheus.io/path"]).toBe("/metrics");
    expect(String(container.ports[0].containerPort)).toBe(annotations["prometheus.io/port"]);
  });

  test("every variable is one odoo-mcp reads; credentials and token are files from the Secret", () => {
    const readable = new Set(ENV_VARS.map((v) => v.name));
    const names = container.env.map((e: Obj) => e.name);
    expect(names.filter((n: string) => !readable.has(n))).toEqual([]);
    expect(container.env.filter((e: Obj) => /PASSWORD$|API_KEY$|TOKEN$/.test(e.name))).toEqual([]);
    const mounts = new Map(container.volumeMounts.map((m: Obj) => [m.name, m.mountPath]));
    const secretVolume = pod.volumes.find((v: Obj) => v.secret?.secretName === secret.metadata.name);
    const mountPath = mounts.get(secretVolume.name);
    for (const e of container.env.filter((e: Obj) => e.name.endsWith("_FILE"))) {
      expect(e.value).toStartWith(`${mountPath}/`);
      expect(Object.keys(secret.stringData)).toContain(e.value.slice(`${mountPath}/`.length));
    }
    expect(names).toContain("ODOO_MCP_HTTP_AUTH_TOKEN_FILE");
  });

  test("runs as the image's non-root user with nothing more than it needs", () => {
    const user = imageUser();
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: user.uid, fsGroup: user.uid });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    // A read-only root still needs a writable /tmp.
    expect(container.volumeMounts.map((m: Obj) => m.mountPath)).toContain("/tmp");
  });

  test("resources are sized from the measured memory (63 MiB idle, under 100 MiB loaded)", () => {
    const mib = (q: string) => Number(q.replace(/Mi$/, ""));
    const { requests, limits } = container.resources;
    expect(mib(requests.memory)).toBeGreaterThanOrEqual(100);
    expect(mib(limits.memory)).toBeGreaterThanOrEqual(2 * 100);
    expect(requests.cpu).toBeDefined();
    expect(limits.cpu).toBeDefined();
  });
});
