import { viewHtml } from "./html.ts" with { type: "macro" };

/** Each view's self-contained HTML: string literals in the binary (the macro runs when `make build` compiles). */
export const PAGES = {
  records: viewHtml("records"),
  record: viewHtml("record"),
  chart: viewHtml("chart"),
} as const;
