import { E } from "../errors.ts";
import type { FieldDef, ModelDef } from "../models/schema.ts";
import type { Json, Row } from "../types.ts";
import { compare } from "./operators.ts";
import { leafRepr, pyRepr } from "./pyrepr.ts";
import type { Db } from "./store.ts";

/** A parsed domain: Odoo's prefix notation as a tree. */
export type DomainNode =
  | { kind: "and" | "or"; left: DomainNode; right: DomainNode }
  | { kind: "not"; child: DomainNode }
  | { kind: "const"; value: boolean }
  | { kind: "leaf"; path: string[]; op: string; value: Json; raw: Json[] };

const OPERATORS = new Set([
  "=",
  "!=",
  "<>",
  "<",
  "<=",
  ">",
  ">=",
  "in",
  "not in",
  "like",
  "ilike",
  "=like",
  "=ilike",
  "not like",
  "not ilike",
  "child_of",
  "parent_of",
]);

/** Parses a domain list (implicit `&` between terms) into a tree; throws Odoo's ValueError on bad terms. */
export function parseDomain(domain: Json, where: string): DomainNode {
  if (!Array.isArray(domain)) throw E.value(`Invalid domain: ${pyRepr(domain)}`);
  const items = [...domain];
  const stack: DomainNode[] = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item === "&" || item === "|") {
      const left = stack.pop();
      const right = stack.pop();
      if (!left || !right) throw E.value(`Domain ${pyRepr(domain)} is syntactically not correct.`);
      stack.push({ kind: item === "&" ? "and" : "or", left, right });
    } else if (item === "!") {
      const child = stack.pop();
      if (!child) throw E.value(`Domain ${pyRepr(domain)} is syntactically not correct.`);
      stack.push({ kind: "not", child });
    } else if (Array.isArray(item) && item.length === 3) {
      stack.push(leaf(item, where));
    } else if (item === true || item === false) {
      stack.push({ kind: "const", value: item });
    } else {
      throw E.value(`Invalid leaf ${pyRepr(item ?? null)}`);
    }
  }
  if (stack.length === 0) return { kind: "const", value: true };
  let node = stack.pop()!;
  while (stack.length) node = { kind: "and", left: node, right: stack.pop()! };
  return node;
}

function leaf(item: Json[], where: string): DomainNode {
  const [left, rawOp, value] = item as [Json, Json, Json];
  // Odoo's TRUE_LEAF (1, '=', 1) and FALSE_LEAF (0, '=', 1).
  if (typeof left === "number") return { kind: "const", value: left === 1 };
  const op = typeof rawOp === "string" ? rawOp.toLowerCase() : "";
  if (typeof left !== "string" || !OPERATORS.has(op)) {
    throw E.value(`Invalid ${where === "leaf" ? "leaf" : "condition"} ${leafRepr(item)}`);
  }
  return { kind: "leaf", path: left.split("."), op: op === "<>" ? "!=" : op, value, raw: item };
}

/** Whether a domain tree has a leaf on `field` (Odoo then skips the implicit active filter). */
export function mentions(node: DomainNode, field: string): boolean {
  if (node.kind === "leaf") return node.path[0] === field;
  if (node.kind === "not") return mentions(node.child, field);
  if (node.kind === "const") return false;
  return mentions(node.left, field) || mentions(node.right, field);
}

/** Checks every field path of a domain against the models, with Odoo's message. */
export function validate(db: Db, def: ModelDef, node: DomainNode, where: string): void {
  if (node.kind === "not") {
    validate(db, def, node.child, where);
    return;
  }
  if (node.kind === "and" || node.kind === "or") {
    validate(db, def, node.left, where);
    validate(db, def, node.right, where);
    return;
  }
  if (node.kind !== "leaf") return;
  let current: ModelDef | undefined = def;
  for (const name of node.path) {
    const field: FieldDef | undefined = current?.fields[name];
    if (!current || !field) {
      throw E.value(`Invalid field ${current?.model ?? def.model}.${name} in ${where} ${leafRepr(node.raw)}`);
    }
    current = field.relation ? db.table(field.relation)?.def : undefined;
  }
}

/** Whether a row satisfies a domain tree. */
export function matches(db: Db, def: ModelDef, row: Row, node: DomainNode): boolean {
  switch (node.kind) {
    case "const":
      return node.value;
    case "and":
      return matches(db, def, row, node.left) && matches(db, def, row, node.right);
    case "or":
      return matches(db, def, row, node.left) || matches(db, def, row, node.right);
    case "not":
      return !matches(db, def, row, node.child);
    case "leaf":
      return matchLeaf(db, def, [row], node.path, node.op, node.value);
  }
}

function matchLeaf(db: Db, def: ModelDef, rows: Row[], path: string[], op: string, value: Json): boolean {
  const [name, ...rest] = path as [string, ...string[]];
  const field = def.fields[name];
  if (rest.length && field?.relation) {
    const co = db.table(field.relation);
    if (!co) return false;
    const related = rows
      .flatMap((r) => ids(db.value(def, r, name)))
      .map((id) => co.rows.get(id))
      .filter((r): r is Row => r !== undefined);
    const negative = op === "!=" || op.startsWith("not");
    if (!related.length) return negative;
    const test = (r: Row) => matchLeaf(db, co.def, [r], rest, op, value);
    return negative ? related.every(test) : related.some(test);
  }
  return rows.some((r) => compare(db, def, r, name, field, op, value));
}

function ids(v: Json): number[] {
  if (typeof v === "number") return [v];
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === "number") : [];
}
