import type { FakeVersion } from "./types.ts";

/** What differs between the Odoo series the fake plays (see VERSION_DIFFERENCES.md). */
export interface VersionProfile {
  version: FakeVersion;
  major: number;
  database: string;
  demoUid: number;
  demoPartnerId: number;
  /** JSON-RPC `error.code` for server errors: 200 up to 18, 0 from 19. */
  errorCode: number;
  /** Python's xmlrpc prolog changed quoting between 3.x builds (17 vs 18+). */
  xmlProlog: string;
  xmlTail: string;
  seedDate: string;
  adminGroup: string;
  /** group_erp_manager's full name: Administration/Access Rights; 19's base_groups.xml names it "Access Rights"
   * with no privilege (assumed to print as is: no capture shows it). */
  accessRightsGroup: string;
  nameGet: boolean;
  formattedReadGroup: boolean;
  checkAccess: "missing" | "public" | "private";
  json2: boolean;
  webVersion: boolean;
  /** `/web/dataset/call_kw` on an unknown model: KeyError on 17, NotFound from 18. */
  callKwUnknownModel: "keyerror" | "notfound";
  nameSearchDomainArg: "args" | "domain";
}

const base = {
  xmlProlog: '<?xml version="1.0"?>',
  xmlTail: "\n\n</methodResponse>\n",
  adminGroup: "Administration/Settings",
  accessRightsGroup: "Administration/Access Rights",
  nameGet: false,
  formattedReadGroup: false,
  json2: false,
  webVersion: false,
  callKwUnknownModel: "notfound",
  nameSearchDomainArg: "domain",
} as const;

const profiles: Record<FakeVersion, VersionProfile> = {
  "17.0": {
    ...base,
    version: "17.0",
    major: 17,
    database: "odoo17",
    demoUid: 6,
    demoPartnerId: 7,
    errorCode: 200,
    xmlProlog: "<?xml version='1.0'?>",
    xmlTail: "\n</methodResponse>\n",
    seedDate: "2026-11-24 13:50:34",
    nameGet: true,
    checkAccess: "missing",
    callKwUnknownModel: "keyerror",
    nameSearchDomainArg: "args",
  },
  "18.0": {
    ...base,
    version: "18.0",
    major: 18,
    database: "odoo",
    demoUid: 6,
    demoPartnerId: 7,
    errorCode: 200,
    seedDate: "2026-11-24 13:36:08",
    checkAccess: "public",
  },
  "19.0": {
    ...base,
    version: "19.0",
    major: 19,
    database: "odoo19",
    demoUid: 5,
    demoPartnerId: 6,
    errorCode: 0,
    seedDate: "2026-11-24 13:50:07",
    adminGroup: "Role / Administrator",
    accessRightsGroup: "Access Rights",
    formattedReadGroup: true,
    checkAccess: "private",
    json2: true,
    webVersion: true,
  },
};

/** The profile of one Odoo series. */
export function profileOf(version: FakeVersion): VersionProfile {
  return profiles[version];
}

/** `server_version_info` as Odoo reports it. */
export function versionInfo(p: VersionProfile): [number, number, number, string, number, string] {
  return [p.major, 0, 0, "final", 0, ""];
}
