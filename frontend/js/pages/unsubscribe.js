// @ts-check
// The digest mail's unsubscribe link: works without signing in (the link itself is signed).

import { byId, errorAlert, h, params, replace } from "../components/ui.js";
import { request } from "../infrastructure/api.js";
import { t, tNodes } from "../infrastructure/i18n.js";
import { startPage } from "../infrastructure/page.js";

startPage({}, async () => {
  const result = byId("unsubscribe-result");
  const token = params().get("token") || "";
  try {
    await request("POST", "/api/profiles/digest/unsubscribe", { query: { token }, auth: false, retry: false });
    replace(
      result,
      h("div", { class: "alert alert-success", text: t("notify.unsubscribed") }),
      h("p", {}, ...tNodes("notify.changed_mind", { settings: h("a", { href: "/settings.html", text: t("nav.settings") }) })),
    );
  } catch (error) {
    replace(result, errorAlert(error, t("notify.link_failed")));
  }
});
