// @ts-check
// The navigation bar, by role: rendered into <header id="site-nav"> on every page.

import { t } from "../infrastructure/i18n.js";
import { canTeach, isAdmin, loginUrl, signOut } from "../infrastructure/session.js";
import { notificationsNavItem } from "./notifications.js";
import { themeToggle } from "./prefs.js";
import { searchBox } from "./search-box.js";
import { h, replace } from "./ui.js";

function link(href, text, page) {
  const here = window.location.pathname.replace(/\/$/, "/index.html");
  const active = here === href || (href === "/" && here === "/index.html");
  return h(
    "li",
    { class: "nav-item" },
    h("a", {
      class: `nav-link${active ? " active" : ""}`,
      href,
      "aria-current": active ? "page" : null,
      text,
      dataset: { nav: page },
    }),
  );
}

function mainLinks(user) {
  const links = [link("/catalog.html", t("nav.catalog"), "catalog")];
  if (user) {
    links.push(link("/learning.html", t("nav.learning"), "learning"));
    links.push(link("/watchlist.html", t("nav.watchlist"), "watchlist"));
  }
  if (canTeach(user)) links.push(link("/teach.html", t("nav.teach"), "teach"));
  if (isAdmin(user)) links.push(link("/admin.html", t("nav.admin"), "admin"), link("/audit.html", t("nav.audit"), "audit"));
  return links;
}

function accountLinks(user, pending) {
  if (pending) return [];
  if (!user) {
    return [
      link(loginUrl(), t("nav.login"), "login"),
      h("li", { class: "nav-item" }, h("a", { class: "btn btn-primary btn-sm ms-lg-2 my-1", href: "/register.html", text: t("nav.signup") })),
    ];
  }
  const logout = h("button", {
    type: "button",
    class: "btn btn-outline-light btn-sm ms-lg-2 my-1",
    text: t("nav.logout"),
    onclick: () => signOut(),
  });
  return [
    notificationsNavItem(),
    link("/profile.html", user.display_name || t("nav.profile"), "profile"),
    link("/settings.html", t("nav.settings"), "settings"),
    h("li", { class: "nav-item" }, logout),
  ];
}

/** Draw the navbar for `user` (null when signed out; pending while the session restores). */
export function renderNav(user, { pending = false } = {}) {
  const header = document.getElementById("site-nav");
  if (!header) return;
  const toggler = h(
    "button",
    {
      class: "navbar-toggler",
      type: "button",
      "data-bs-toggle": "collapse",
      "data-bs-target": "#nav-links",
      "aria-controls": "nav-links",
      "aria-expanded": "false",
      "aria-label": t("nav.toggle"),
    },
    h("span", { class: "navbar-toggler-icon" }),
  );
  const nav = h(
    "nav",
    { class: "navbar navbar-expand-lg bg-dark", "data-bs-theme": "dark", "aria-label": t("nav.main") },
    h(
      "div",
      { class: "container" },
      h("a", { class: "navbar-brand fw-bold", href: "/", text: "DREAD" }),
      toggler,
      h(
        "div",
        { class: "collapse navbar-collapse", id: "nav-links" },
        h("ul", { class: "navbar-nav me-auto" }, mainLinks(user)),
        searchBox(),
        h("ul", { class: "navbar-nav align-items-lg-center" }, accountLinks(user, pending)),
        themeToggle(),
      ),
    ),
  );
  header.dataset.user = user ? user.role : pending ? "pending" : "anonymous";
  replace(header, nav);
}
