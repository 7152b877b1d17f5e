/** A plain nested object as parsed from YAML, before validation. */
export type Tree = Record<string, unknown>;

const isTree = (v: unknown): v is Tree => v !== null && typeof v === "object" && !Array.isArray(v);

/** The value at a dotted key, or undefined. */
export function getKey(tree: Tree, key: string): unknown {
  let node: unknown = tree;
  for (const part of key.split(".")) {
    if (!isTree(node)) return undefined;
    node = node[part];
  }
  return node;
}

/** Sets a dotted key, creating (or replacing non-object) parents on the way. */
export function setKey(tree: Tree, key: string, value: unknown): void {
  const parts = key.split(".");
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    if (!isTree(node[part])) node[part] = {};
    node = node[part] as Tree;
  }
  node[parts[parts.length - 1]!] = value;
}

/** Removes a dotted key if present. */
export function deleteKey(tree: Tree, key: string): void {
  const parts = key.split(".");
  const parent = parts.length === 1 ? tree : getKey(tree, parts.slice(0, -1).join("."));
  if (isTree(parent)) delete parent[parts[parts.length - 1]!];
}
