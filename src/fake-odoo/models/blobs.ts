/** A 1×1 PNG, base64 (what Odoo's binary fields carry). */
export const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

const PDF_TEXT = [
  "%PDF-1.4",
  "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
  "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
  "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >> endobj",
  "4 0 obj << /Length 44 >> stream",
  "BT /F1 12 Tf 20 50 Td (Demo invoice) Tj ET",
  "endstream endobj",
  "trailer << /Root 1 0 R >>",
  "%%EOF",
  "",
].join("\n");

/** A one-page PDF, base64. */
export const PDF_BASE64 = Buffer.from(PDF_TEXT).toString("base64");

/** A small UTF-8 text file, base64. */
export const TEXT_BASE64 = Buffer.from(
  "Meeting notes\n- call Wood Corner about the desk order\n- send the quote\n",
).toString("base64");

/** Decoded size in bytes of a base64 string. */
export function base64Size(b64: string): number {
  return Buffer.from(b64, "base64").length;
}

/** Odoo's `human_size`: what `bin_size` context returns instead of the data ("1.23 Kb"). */
export function humanSize(bytes: number): string | false {
  if (!bytes) return false;
  const units = ["bytes", "Kb", "Mb", "Gb", "Tb"];
  let s = bytes;
  let i = 0;
  while (s >= 1024 && i < units.length - 1) {
    s /= 1024;
    i++;
  }
  return `${s.toFixed(2)} ${units[i]}`;
}
