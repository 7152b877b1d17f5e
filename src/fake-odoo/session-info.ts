import info17 from "./data/session-info-17.0.json";
import info18 from "./data/session-info-18.0.json";
import info19 from "./data/session-info-19.0.json";
import type { FakeState } from "./state.ts";
import type { FakeUser, FakeVersion, Json } from "./types.ts";

// Captured from each series' `/web/session/authenticate` (admin); per-user fields are replaced below.
const TEMPLATES: Record<FakeVersion, Record<string, Json>> = {
  "17.0": info17 as unknown as Record<string, Json>,
  "18.0": info18 as unknown as Record<string, Json>,
  "19.0": info19 as unknown as Record<string, Json>,
};

// Keys Odoo only sends to administrators (absent in the `session_authenticate_demo` captures).
const ADMIN_ONLY = ["iap_company_enrich", "tour_disable", "web_tours"];

/** Odoo's `session_info()` for a logged-in user, shaped like the captures of that series. */
export function sessionInfo(state: FakeState, user: FakeUser): Record<string, Json> {
  const info: Record<string, Json> = structuredClone(TEMPLATES[state.profile.version]);
  const admin = user.uid === 2;
  const partner = state.db.table("res.partner")?.rows.get(user.partnerId);
  const name = state.db.nameOf("res.users", user.uid) ?? user.login;
  Object.assign(info, {
    uid: user.uid,
    is_system: admin,
    is_admin: admin,
    db: state.profile.database,
    name,
    username: user.login,
    partner_id: user.partnerId,
    partner_display_name: state.db.nameOf("res.partner", user.partnerId) ?? name,
    "web.base.url": state.baseUrl,
  });
  if ("partner_write_date" in info)
    info.partner_write_date = typeof partner?.write_date === "string" ? partner.write_date.slice(0, 19) : false;
  info.user_context = { ...(info.user_context as Record<string, Json>), uid: user.uid };
  if (info.user_settings && typeof info.user_settings === "object") {
    info.user_settings = { ...(info.user_settings as Record<string, Json>), user_id: { id: user.uid } };
  }
  if (!admin) for (const key of ADMIN_ONLY) delete info[key];
  return info;
}
