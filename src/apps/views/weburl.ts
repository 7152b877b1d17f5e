/**
 * The web client URL that opens one record, in the form each Odoo version's router accepts.
 * 17: `/web#id=ID&model=MODEL&view_type=form` (the hash router). 18+: `/odoo/MODEL/ID`, and `/odoo/m-MODEL/ID` for
 * a model without a dot (addons/web/static/src/core/browser/router.js, pathFromActionState: a dotless segment would
 * be read as an action path); 18+ still maps the old /web# form, but only as a redirect.
 */
export function recordUrl(web: string, major: number, model: string, id: number): string {
  const base = web.replace(/\/+$/, "");
  if (major > 0 && major < 18) {
    return `${base}/web#id=${id}&model=${encodeURIComponent(model)}&view_type=form`;
  }
  const segment = model.includes(".") ? model : `m-${model}`;
  return `${base}/odoo/${encodeURIComponent(segment)}/${id}`;
}
