// @ts-check
// Admin: every user (paged) and role changes (a promotion to admin is confirmed first).

import { confirmDialog } from "../components/dialog.js";
import { announce, badge, busy, byId, emailText, empty, errorAlert, h, pager, pageUrl, time } from "../components/ui.js";
import { auth } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

const ROLES = ["student", "instructor", "admin"];

function userRow(someone, me) {
  const selectId = `role-${someone.id}`;
  const select = h(
    "select",
    { class: "form-select form-select-sm role-select", id: selectId, name: "role" },
    ROLES.map((role) => h("option", { value: role, text: role[0].toUpperCase() + role.slice(1), selected: role === someone.role })),
  );
  const save = h("button", { type: "button", class: "btn btn-sm btn-primary", text: "Save", "aria-label": `Save role of ${someone.email}`, disabled: true });
  const status = h("div", { class: "small" });
  const roleCell = h(
    "td",
    { class: "d-none d-sm-table-cell" },
    badge(someone.role, someone.role === "admin" ? "danger" : someone.role === "instructor" ? "info" : "secondary"),
  );
  select.addEventListener("change", () => {
    save.disabled = select.value === someone.role;
  });
  save.addEventListener("click", async () => {
    status.replaceChildren();
    if (select.value === "admin") {
      const body = `${someone.email} will be able to do everything, including changing roles and suspending accounts.`;
      const sure = await confirmDialog({ title: "Make this user an admin?", body, confirmLabel: "Make admin" });
      if (!sure) return;
    }
    try {
      const { user } = await busy(save, () => auth.setRole(someone.id, select.value));
      someone = user;
      roleCell.replaceChildren(badge(user.role, user.role === "admin" ? "danger" : user.role === "instructor" ? "info" : "secondary"));
      save.disabled = true;
      announce(`${user.email} is now ${user.role}.`);
      status.replaceChildren(h("span", { class: "text-success", text: "Saved" }));
    } catch (error) {
      select.value = someone.role;
      status.replaceChildren(errorAlert(error));
    }
  });
  return h(
    "tr",
    { dataset: { userId: someone.id, email: someone.email } },
    h(
      "td",
      { class: "text-break-anywhere" },
      h("a", { href: pageUrl("/user.html", { id: someone.id }), text: someone.display_name }),
      someone.id === me.id ? " (you)" : "",
      h("div", { class: "small text-body-secondary" }, emailText(someone.email)),
    ),
    roleCell,
    h("td", { class: "d-none d-md-table-cell" }, time(someone.created_at)),
    h(
      "td",
      {},
      h(
        "div",
        { class: "d-flex gap-1 align-items-center" },
        h("label", { class: "visually-hidden", for: selectId, text: `Role of ${someone.email}` }),
        select,
        save,
      ),
      status,
    ),
  );
}

startPage({ auth: true, roles: ["admin"] }, async ({ user }) => {
  try {
    await pager({
      list: byId("users"),
      more: byId("more"),
      fetchPage: (cursor) => auth.users(cursor, 25),
      render: (someone) => userRow(someone, user),
      emptyState: empty("No users yet."),
      status: true,
    }).reload();
  } catch (error) {
    byId("more").replaceChildren(errorAlert(error));
  }
});
