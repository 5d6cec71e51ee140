// @ts-check
// What every page does first: restore the session, draw the navbar, check access, render.

import { renderNav } from "../components/nav.js";
import { byId, empty, errorAlert, h, replace } from "../components/ui.js";
import { onSessionChange } from "./api.js";
import { loginUrl, restoreSession } from "./session.js";

/**
 * Start a page: `render({user, root})` draws into #page. Options: `auth: true` sends
 * signed-out visitors to the login page; `roles` limits the page to those roles.
 */
export async function startPage({ auth = false, roles = null } = {}, render) {
  renderNav(null, { pending: true });
  const user = await restoreSession();
  renderNav(user);
  onSessionChange((next) => renderNav(next));
  const root = byId("page");
  if (auth && !user) {
    window.location.replace(loginUrl());
    return;
  }
  if (roles && !roles.includes(user.role)) {
    replace(
      root,
      h("h1", { class: "h3", text: "Not available" }),
      empty(`This page is for ${roles.join(" and ")} accounts.`, h("a", { href: "/", text: "Go home" })),
    );
    document.body.dataset.ready = "1";
    return;
  }
  try {
    await render({ user, root });
  } catch (error) {
    console.error(error);
    root.append(errorAlert(error, "This page could not be loaded."));
  }
  document.body.dataset.ready = "1";
}
