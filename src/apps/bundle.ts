// Builds one view into a single HTML page with everything inlined (no network in the host's sandbox):
// `bun src/apps/bundle.ts records` prints it. Used by the viewHtml macro (html.ts) at build time.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const LOADER =
  // The script is stored gzipped (base64) and inflated with the browser's own DecompressionStream: the MCP Apps
  // runtime (its schemas) is ~300 KB of JavaScript, ~80 KB gzipped; an inline <script> is what a host's CSP allows.
  '(async()=>{const b=atob(document.getElementById("js").textContent),u=new Uint8Array(b.length);' +
  "for(let i=0;i<b.length;i++)u[i]=b.charCodeAt(i);" +
  'const t=await new Response(new Blob([u]).stream().pipeThrough(new DecompressionStream("gzip"))).text();' +
  'const s=document.createElement("script");s.textContent=t;document.body.appendChild(s)})()';

/**
 * The MCP client package re-exports all of its modules from one index that nothing marks side-effect free, so
 * bundling `App` (which extends its `Protocol`) would pull in OAuth, transports and their schemas (~70 KB). Resolve
 * `@modelcontextprotocol/client` to the one chunk that defines `Protocol`; when its layout changes, the package is
 * used whole (the size test then says so).
 */
function protocolOnly(): import("bun").BunPlugin {
  const dist = join(dirname(require.resolve("@modelcontextprotocol/client")), ".");
  const index = readFileSync(join(dist, "index.mjs"), "utf8");
  const m = /import \{([^}]*)\} from "(\.\/src-[\w-]+\.mjs)"/.exec(index);
  const local = m?.[1] ? /(\w+) as Protocol\b/.exec(m[1])?.[1] : undefined;
  return {
    name: "mcp-protocol-only",
    setup(build) {
      if (!m?.[2] || !local) return;
      const contents = `export { ${local} as Protocol } from ${JSON.stringify(join(dist, m[2]))};`;
      build.onResolve({ filter: /^@modelcontextprotocol\/client$/ }, () => ({ path: "protocol", namespace: "mcp" }));
      build.onLoad({ filter: /.*/, namespace: "mcp" }, () => ({ contents, loader: "js" }));
    },
  };
}

/** The view's HTML: its CSS inline, its script compressed inline. */
export async function bundle(name: string): Promise<string> {
  const dir = join(import.meta.dir, "views");
  const built = await Bun.build({
    entrypoints: [join(dir, `${name}.tsx`)],
    target: "browser",
    format: "iife",
    minify: true,
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [protocolOnly()],
  });
  if (!built.success || !built.outputs[0]) throw new AggregateError(built.logs, `view ${name} did not build`);
  const js = await built.outputs[0].text();
  const css = [await Bun.file(join(dir, "style.css")).text()];
  if (name === "chart") css.push(await Bun.file(require.resolve("chartist/dist/index.css")).text());
  const style = css
    .join("\n")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\s*\n\s*/g, "");
  const packed = Buffer.from(Bun.gzipSync(js, { level: 9 })).toString("base64");
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>Odoo ${name}</title><style>${style}</style></head>` +
    `<body><div id="app"></div><script type="text/plain" id="js">${packed}</script><script>${LOADER}</script></body></html>`
  );
}

if (import.meta.main) {
  const name = process.argv[2];
  if (!name || !/^[a-z]+$/.test(name)) throw new Error("usage: bun src/apps/bundle.ts <view>");
  process.stdout.write(await bundle(name));
}
