// @ts-check
// Public profile of any user: name, picture, bio, location, website (no email).

import { avatar, empty, h, params, replace } from "../components/ui.js";
import { orNull, profiles } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { startPage } from "../infrastructure/page.js";

function website(url) {
  try {
    const parsed = new URL(url);
    if (!["http:", "https:"].includes(parsed.protocol)) return null;
    return h("a", { href: parsed.href, rel: "nofollow ugc noopener noreferrer", target: "_blank", text: parsed.host + parsed.pathname.replace(/\/$/, "") });
  } catch {
    return null;
  }
}

startPage({ auth: true }, async ({ user, root }) => {
  const id = params().get("id") || user.id;
  const found = await orNull(profiles.get(id));
  if (!found) {
    replace(root, h("h1", { class: "h3", text: t("user.not_found") }), empty(t("user.no_one"), h("a", { href: "/", text: t("common.go_home") })));
    return;
  }
  const profile = found.profile;
  document.title = `${profile.display_name} · DREAD`;
  const link = profile.website ? website(profile.website) : null;
  replace(
    root,
    h(
      "div",
      { class: "d-flex flex-column flex-sm-row align-items-sm-center gap-3 mb-4" },
      avatar(profile.avatar_url, profile.display_name, 128),
      h(
        "div",
        { class: "min-w-0" },
        h("h1", { class: "h3 mb-1 text-break-anywhere", text: profile.display_name }),
        profile.location && h("p", { class: "mb-1 text-body-secondary", text: profile.location }),
        link && h("p", { class: "mb-0" }, link),
        id === user.id && h("a", { class: "btn btn-sm btn-outline-primary mt-2", href: "/profile.html", text: t("user.edit") }),
      ),
    ),
    h("h2", { class: "h5", text: t("user.about") }),
    h("p", { class: "pre-line", text: profile.bio || t("user.nothing") }),
  );
});
