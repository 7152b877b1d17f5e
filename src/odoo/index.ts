export { createOdooClient, type OdooClientOptions, type OdooLog } from "./client.ts";
export { isOdooError, OdooError, type OdooErrorKind } from "./errors.ts";
export type {
  CallOptions,
  FetchLike,
  OdooClient,
  OdooIdentity,
  OdooVersion,
  Protocol,
  ProtocolSetting,
} from "./types.ts";
export { parseVersion } from "./version.ts";
