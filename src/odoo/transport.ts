import type { Download, OdooIdentity, Protocol } from "./types.ts";

/** How calls are made after login, whatever the protocol. */
export interface Transport {
  readonly protocol: Protocol;
  readonly identity: OdooIdentity;
  call(
    model: string,
    method: string,
    args: unknown[],
    kwargs: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<unknown>;
  /** Only the web session can GET Odoo's web routes. */
  download?(path: string, signal?: AbortSignal): Promise<Download>;
  close(): Promise<void>;
}
