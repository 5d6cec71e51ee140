// @ts-check
// Admin: users found by email or name prefix and role (paged, counted), role changes (a
// promotion to admin is confirmed first) and suspension (confirmed; restoring is not).

import { confirmDialog } from "../components/dialog.js";
import { announce, badge, busy, byId, emailText, empty, errorAlert, h, pager, pageUrl, params, time } from "../components/ui.js";
import { auth } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

const ROLES = ["student", "instructor", "admin"];

const PAGE_SIZE = 25;

function accessCell(someone, me) {
  const state = h("span");
  const toggle = h("button", { type: "button", class: "btn btn-sm" });
  const status = h("div", { class: "small" });
  const show = () => {
    state.replaceChildren(someone.suspended ? badge("Suspended", "warning") : badge("Active", "success"));
    toggle.textContent = someone.suspended ? "Restore" : "Suspend";
    toggle.className = `btn btn-sm ${someone.suspended ? "btn-outline-success" : "btn-outline-danger"}`;
    toggle.setAttribute("aria-label", `${someone.suspended ? "Restore" : "Suspend"} ${someone.email}`);
  };
  show();
  toggle.disabled = someone.id === me.id; // an admin does not lock themself out
  toggle.addEventListener("click", async () => {
    status.replaceChildren();
    const suspend = !someone.suspended;
    if (suspend) {
      const body = `${someone.email} will be signed out and cannot log in again until restored.`;
      const sure = await confirmDialog({ title: "Suspend this account?", body, confirmLabel: "Suspend" });
      if (!sure) return;
    }
    try {
      const { user } = await busy(toggle, () => auth.setSuspended(someone.id, suspend));
      someone = user;
      show();
      announce(`${user.email} is ${user.suspended ? "suspended" : "restored"}.`);
    } catch (error) {
      status.replaceChildren(errorAlert(error));
    }
  });
  return h("td", {}, h("div", { class: "d-flex gap-2 align-items-center" }, state, toggle), status);
}

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
    accessCell(someone, me),
  );
}

/** The count line: how many users are listed, and whether more are to load. */
function showCount(shown, more, filters) {
  const what = filters.q || filters.role ? "matching" : "in all";
  const text = `${shown}${more ? "+" : ""} ${shown === 1 && !more ? "user" : "users"} ${what}`;
  byId("user-count").textContent = more ? `${text} (load more to see the rest)` : text;
  return text;
}

function filtersFrom(form) {
  const data = new FormData(form);
  const q = String(data.get("q") || "").trim();
  const role = String(data.get("role") || "");
  return { ...(q ? { q } : {}), ...(role ? { role } : {}) };
}

startPage({ auth: true, roles: ["admin"] }, async ({ user }) => {
  const form = /** @type {HTMLFormElement} */ (byId("user-search"));
  const query = params();
  /** @type {HTMLInputElement} */ (form.elements.namedItem("q")).value = query.get("q") || "";
  /** @type {HTMLSelectElement} */ (form.elements.namedItem("role")).value = query.get("role") || "";
  let filters = filtersFrom(form);
  let shown = 0;
  const list = pager({
    list: byId("users"),
    more: byId("more"),
    fetchPage: async (cursor) => {
      const page = await auth.users(cursor, PAGE_SIZE, filters);
      shown = (cursor ? shown : 0) + (page.items || []).length;
      const text = showCount(shown, Boolean(page.next_cursor), filters);
      if (!cursor) announce(`${text}.`);
      return page;
    },
    render: (someone) => userRow(someone, user),
    emptyState: empty("No user matches. Try the start of an email address or of a name."),
    status: true,
  });
  const search = async () => {
    filters = filtersFrom(form);
    // the filters are in the address, so a reload or a shared link shows the same list
    history.replaceState(null, "", pageUrl("/admin.html", filters));
    await list.reload();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  form.addEventListener("reset", () => setTimeout(search)); // after the fields are cleared
  try {
    await list.reload();
  } catch (error) {
    byId("more").replaceChildren(errorAlert(error));
  }
});
