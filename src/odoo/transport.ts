import type { OdooIdentity, Protocol } from "./types.ts";

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
  close(): Promise<void>;
}
