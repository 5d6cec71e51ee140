// @ts-check
// The admin's audit log, one page at a time.

import { byId, errorAlert, h, replace, time } from "../components/ui.js";
import { request } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

startPage({ auth: true, roles: ["admin"] }, async () => {
  const rows = byId("audit-rows");
  const more = byId("audit-more", HTMLButtonElement);
  let cursor = null;
  async function load() {
    try {
      const page = await request("GET", "/api/auth/audit", { query: { limit: 50, cursor } });
      for (const event of page.items) {
        rows.append(
          h(
            "tr",
            {},
            h("td", {}, time(event.at, true)),
            h("td", { text: event.action }),
            h("td", { text: event.actor_id || "operator" }),
            h("td", { text: event.target_id || "" }),
            h("td", { text: JSON.stringify(event.detail) }),
          ),
        );
      }
      cursor = page.next_cursor;
      more.hidden = !cursor;
      if (!rows.children.length) replace(byId("audit-status"), h("p", { text: "Nothing recorded yet." }));
    } catch (error) {
      replace(byId("audit-status"), errorAlert(error));
    }
  }
  more.addEventListener("click", load);
  await load();
});
