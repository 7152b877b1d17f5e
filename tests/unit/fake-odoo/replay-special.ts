import type { FakeOdoo } from "../../fake-odoo/index.ts";

/** Captures that record a timed sequence rather than one exchange; each replays what it can. */
export const SPECIAL: Record<string, (fake: FakeOdoo, capture: unknown) => Promise<void>> = {};
