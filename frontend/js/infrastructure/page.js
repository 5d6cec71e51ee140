// @ts-check
// What every page does first: restore the session, draw the navbar, check access, render.

import { renderNav } from "../components/nav.js";
import { wireLanguageSelect } from "../components/prefs.js";
import { byId, empty, errorAlert, h, replace } from "../components/ui.js";
import { onSessionChange } from "./api.js";
import { t } from "./i18n.js";
import { loginUrl, restoreSession } from "./session.js";

/**
 * Start a page: `render({user, session, root})` draws into #page. Options: `auth: true` sends
 * signed-out visitors to the login page; `roles` limits the page to those roles; `eager: true`
 * renders at once with `user` null and `session` (a promise of the user) to wait on for the
 * parts that depend on who is looking, so public pages never wait for the session refresh.
 */
export async function startPage({ auth = false, roles = null, eager = false } = {}, render) {
  wireLanguageSelect();
  renderNav(null, { pending: true });
  const session = restoreSession().then((user) => {
    renderNav(user);
    return user;
  });
  onSessionChange((next) => renderNav(next));
  const root = byId("page");
  if (eager) {
    await draw(render, { user: null, session, root });
    return;
  }
  const user = await session;
  if (auth && !user) {
    window.location.replace(loginUrl());
    return;
  }
  if (roles && !roles.includes(user.role)) {
    replace(
      root,
      h("h1", { class: "h3", text: t("common.not_available") }),
      empty(t("common.page_for_roles", { roles: roles.join(" / ") }), h("a", { href: "/", text: t("common.go_home") })),
    );
    document.body.dataset.ready = "1";
    return;
  }
  await draw(render, { user, session, root });
}

async function draw(render, args) {
  try {
    await render(args);
  } catch (error) {
    console.error(error);
    args.root.append(errorAlert(error, t("common.page_failed")));
  }
  document.body.dataset.ready = "1";
}
