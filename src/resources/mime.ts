const SIGNATURES: Array<[string, (b: Uint8Array) => boolean]> = [
  ["image/png", (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ["image/jpeg", (b) => starts(b, [0xff, 0xd8, 0xff])],
  ["image/gif", (b) => ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")],
  ["image/webp", (b) => ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")],
  ["image/bmp", (b) => ascii(b, 0, "BM")],
  ["image/x-icon", (b) => starts(b, [0x00, 0x00, 0x01, 0x00])],
  ["application/pdf", (b) => ascii(b, 0, "%PDF-")],
  ["application/zip", (b) => starts(b, [0x50, 0x4b, 0x03, 0x04])],
  ["application/gzip", (b) => starts(b, [0x1f, 0x8b])],
];

function starts(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function ascii(bytes: Uint8Array, at: number, text: string): boolean {
  return [...text].every((ch, i) => bytes[at + i] === ch.charCodeAt(0));
}

/** The MIME type of base64 content from its first bytes ("magic numbers"); SVG and plain text by their look. */
export function sniffMime(base64: string): string {
  const head = Buffer.from(base64.slice(0, 1024), "base64");
  const bytes = new Uint8Array(head);
  for (const [mime, test] of SIGNATURES) if (test(bytes)) return mime;
  const text = head.toString("utf8");
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text)) return "image/svg+xml";
  // Printable text (no NUL or other control bytes besides whitespace) is served as text.
  if (bytes.length > 0 && !bytes.some((b) => b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d))) {
    return "text/plain";
  }
  return "application/octet-stream";
}

/** Bytes of base64 content without decoding it. */
export function base64Bytes(base64: string): number {
  const clean = base64.replace(/\s+/g, "");
  const padding = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

const UNITS: Record<string, number> = { bytes: 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };

/** Bytes from what Odoo answers for a binary field read with `bin_size`: a number, or `human_size` text ("1.50 Kb"). */
export function binSize(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  const match = /^\s*([\d.]+)\s*([a-z]*)\s*$/i.exec(value);
  if (!match?.[1]) return undefined;
  const unit = UNITS[(match[2] || "bytes").toLowerCase()];
  return unit === undefined ? undefined : Math.round(Number(match[1]) * unit);
}

/** "25.0 MB" */
export const humanBytes = (n: number) =>
  n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`;
