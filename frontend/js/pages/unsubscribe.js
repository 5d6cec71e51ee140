// @ts-check
// The digest mail's unsubscribe link: works without signing in (the link itself is signed).

import { byId, errorAlert, h, params, replace } from "../components/ui.js";
import { request } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

startPage({}, async () => {
  const result = byId("unsubscribe-result");
  const token = params().get("token") || "";
  try {
    await request("POST", "/api/profiles/digest/unsubscribe", { query: { token }, auth: false, retry: false });
    replace(
      result,
      h("div", { class: "alert alert-success", text: "You are unsubscribed: no more daily digest mails." }),
      h("p", {}, "Changed your mind? Turn it back on in ", h("a", { href: "/settings.html", text: "Settings" }), "."),
    );
  } catch (error) {
    replace(result, errorAlert(error, "This link did not work."));
  }
});
