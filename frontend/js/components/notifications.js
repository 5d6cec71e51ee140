// @ts-check
// The navbar's notifications link with an unread badge (one GetItem on the server), kept
// fresh by polling while the tab is visible and when a page says the count changed.

import { request } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { h } from "./ui.js";

const POLL_MS = 30_000;
export const CHANGED_EVENT = "dread:notifications-changed";

const state = { count: 0, timer: 0, started: false, badges: /** @type {Set<HTMLElement>} */ (new Set()) };

/** Fetch the unread count and update every badge on the page. */
export async function refreshUnread() {
  try {
    const body = await request("GET", "/api/forum/notifications/unread-count", { retry: false });
    state.count = Number(body?.count) || 0;
  } catch {
    return; // signed out or the forum is down: keep what we showed
  }
  for (const link of state.badges) paint(link);
}

function paint(link) {
  // a link is drawn before the navbar is attached: forget it only once it has been shown
  // and then left the page (a redrawn navbar), never before it is first attached
  if (link.isConnected) link.dataset.shown = "1";
  else if (link.dataset.shown) {
    state.badges.delete(link);
    return;
  }
  const badge = /** @type {HTMLElement} */ (link.querySelector("[data-testid=unread-badge]"));
  const count = state.count;
  badge.textContent = count > 99 ? "99+" : String(count);
  badge.hidden = count === 0;
  link.setAttribute("aria-label", count ? t("notify.nav_unread", { count }) : t("notify.nav"));
}

function start() {
  if (state.started) return;
  state.started = true;
  const poll = () => {
    window.clearTimeout(state.timer);
    if (document.visibilityState === "visible") refreshUnread();
    state.timer = window.setTimeout(poll, POLL_MS);
  };
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && poll());
  window.addEventListener(CHANGED_EVENT, () => refreshUnread());
  poll();
}

/** The navbar item for a signed-in user: a link to the notifications page with the badge. */
export function notificationsNavItem() {
  const link = h(
    "a",
    { class: "nav-link position-relative", href: "/notifications.html", dataset: { nav: "notifications", testid: "notifications-link" } },
    `${t("notify.nav")} `,
    h("span", { class: "badge rounded-pill text-bg-danger", dataset: { testid: "unread-badge" }, hidden: true, "aria-hidden": "true", text: "0" }),
  );
  if (window.location.pathname === "/notifications.html") {
    link.classList.add("active");
    link.setAttribute("aria-current", "page");
  }
  state.badges.add(link);
  paint(link);
  start();
  return h("li", { class: "nav-item" }, link);
}
