import type { ReadResourceResult } from "@modelcontextprotocol/server";
import { ProtocolError } from "@modelcontextprotocol/server";
import { closest } from "../config/suggest.ts";
import { APPLICATION_ERROR } from "../mcp/protocol-compat.ts";
import { call, fieldsOf, notFound, type ResourceContext, type ResourceReader } from "./context.ts";
import { base64Bytes, binSize, humanBytes, sniffMime } from "./mime.ts";

type Row = Record<string, unknown>;

function tooLarge(ctx: ResourceContext, bytes: number): ProtocolError {
  const max = ctx.config.limits.binary_max_bytes;
  return new ProtocolError(
    APPLICATION_ERROR,
    `${ctx.uri} is ${humanBytes(bytes)}, over the ${humanBytes(max)} limit for binary resources ` +
      "(limits.binary_max_bytes in the configuration)",
    { uri: ctx.uri, size: bytes, limit: max },
  );
}

/** The size of the field's content before transferring it: ir.attachment's file_size, else a `bin_size` read. */
async function sizeFirst(ctx: ResourceContext, model: string, field: string, id: number): Promise<Row> {
  const fields = model === "ir.attachment" && field === "datas" ? ["file_size", "mimetype"] : [field];
  const context = model === "ir.attachment" && field === "datas" ? {} : { context: { bin_size: true } };
  const rows = await call<Row[]>(ctx, model, "read", [[id]], { fields, ...context });
  const row = rows[0];
  if (!row) throw notFound(ctx, `Record ${model} ${id} does not exist (or has been deleted): ${ctx.uri}`);
  return row;
}

/**
 * What a read checks before any content moves: the field exists and is binary, the record exists; answers the size
 * probe (ir.attachment's file_size/mimetype, else the field's `bin_size`). A subscription is checked this way.
 */
export async function probeBinary(ctx: ResourceContext, p: { model: string; field: string; id: number }): Promise<Row> {
  const { model, field, id } = p;
  const fields = await fieldsOf(ctx, model);
  const info = Object.hasOwn(fields, field) ? fields[field] : undefined;
  if (!info) {
    const hint = closest(
      field,
      Object.keys(fields).filter((f) => fields[f]?.type === "binary"),
    );
    throw notFound(ctx, `No field '${field}' on ${model}${hint ? ` — did you mean '${hint}'?` : ""} (${ctx.uri})`);
  }
  if (info.type !== "binary") {
    throw notFound(ctx, `Field '${field}' of ${model} is a ${info.type} field, not a binary one (${ctx.uri})`);
  }
  return sizeFirst(ctx, model, field, id);
}

/** `odoo://{model}/binary/{field}/{id}`: the field's content as a base64 blob with its MIME type, size-checked first. */
export const readBinary: ResourceReader<{ model: string; field: string; id: number }> = async (ctx, p) => {
  const { model, field, id } = p;
  const max = ctx.config.limits.binary_max_bytes;
  const probe = await probeBinary(ctx, p);
  const announced = binSize(probe["file_size"] ?? probe[field]);
  if (announced !== undefined && announced > max) throw tooLarge(ctx, announced);
  // A server that ignores bin_size has already sent the content; do not ask twice.
  const early = typeof probe[field] === "string" && announced === undefined ? (probe[field] as string) : undefined;
  const data = early ?? (await call<Row[]>(ctx, model, "read", [[id]], { fields: [field] }))[0]?.[field];
  if (typeof data !== "string" || data === "") throw notFound(ctx, `${ctx.uri} is empty: the field has no content`);
  const bytes = base64Bytes(data);
  if (bytes > max) throw tooLarge(ctx, bytes);
  const stated = probe["mimetype"];
  const mimeType = typeof stated === "string" && stated !== "" ? stated : sniffMime(data);
  const result: ReadResourceResult = { contents: [{ uri: ctx.uri, mimeType, blob: data }] };
  return result;
};
