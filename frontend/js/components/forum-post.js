// @ts-check
// Pieces every forum post shows: the author (avatar, role badge, "Deleted user"), the vote
// button, and flagging with preset reasons.
import { forum } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { formDialog } from "./dialog.js";
import { announce, avatar, badge, busy, errorAlert, h, pageUrl, time } from "./ui.js";

const ROLE_BADGES = { instructor: ["forum.role_instructor", "info"], moderator: ["forum.role_moderator", "warning"] };

export const FLAG_REASONS = [
  ["spam", t("forum.reason_spam")],
  ["off_topic", t("forum.reason_off_topic")],
  ["inappropriate", t("forum.reason_inappropriate")],
  ["other", t("forum.reason_other")],
];

/** The author's avatar, name (a link unless the account was deleted) and role badge. */
export function author(post, size = 32) {
  const name = post.author_deleted ? t("forum.deleted_user") : post.author_name || t("forum.someone");
  const role = ROLE_BADGES[post.author_role];
  return h(
    "span",
    { class: "d-inline-flex align-items-center gap-2 flex-wrap" },
    avatar(post.author_deleted ? null : post.author_avatar_url, name, size),
    post.author_deleted ? h("span", { class: "fst-italic", text: name }) : h("a", { href: pageUrl("/user.html", { id: post.author_id }), text: name }),
    role && badge(t(role[0]), role[1]),
  );
}

/** "Alice · 3 Dec 2026, 10:00 · edited" with the author block. */
export function byline(post) {
  return h(
    "div",
    { class: "small text-body-secondary d-flex flex-wrap align-items-center gap-1" },
    author(post),
    " · ",
    time(post.created_at, true),
    post.edited_at ? t("forum.edited") : "",
  );
}

/**
 * A toggle button for the caller's up-vote on a post; keeps `post.score`/`my_vote` current.
 * @param {"threads" | "replies"} kind
 */
export function voteButton(kind, post, label) {
  const button = h("button", { type: "button", class: "btn btn-sm", dataset: { testid: "vote" } });
  const draw = () => {
    const voted = post.my_vote === 1;
    button.className = `btn btn-sm ${voted ? "btn-primary" : "btn-outline-primary"}`;
    button.setAttribute("aria-pressed", String(voted));
    // the visible count is part of the name, outside parentheses (which axe's
    // label-content-name-mismatch ignores)
    button.setAttribute("aria-label", t("forum.upvote", { label, votes: t("forum.votes", { count: post.score }) }));
    button.textContent = `▲ ${post.score}`;
  };
  button.addEventListener("click", async () => {
    try {
      const state = await busy(button, () => forum.vote(kind, post.id, post.my_vote !== 1));
      post.score = state.score;
      post.my_vote = state.my_vote;
      announce(t(state.my_vote ? "forum.vote_added" : "forum.vote_removed"));
    } catch (error) {
      button.after(errorAlert(error));
    }
    draw();
  });
  draw();
  return button;
}

function reasonForm() {
  const name = `flag-reason-${Date.now()}`;
  const text = h("textarea", {
    class: "form-control mt-2",
    id: `${name}-text`,
    rows: 2,
    maxLength: 500,
    "aria-label": t("forum.say_more"),
  });
  const options = FLAG_REASONS.map(([value, label], index) =>
    h(
      "div",
      { class: "form-check" },
      h("input", { class: "form-check-input", type: "radio", name, id: `${name}-${value}`, value, checked: index === 0 }),
      h("label", { class: "form-check-label", for: `${name}-${value}`, text: label }),
    ),
  );
  const hint = h("div", { class: "invalid-feedback d-block", hidden: true, text: t("forum.say_why") });
  const body = h("fieldset", {}, h("legend", { class: "fs-6", text: t("forum.why_legend") }), options, text, hint);
  const read = () => {
    const picked = body.querySelector("input:checked");
    const category = picked ? picked.getAttribute("value") : "other";
    const reason = text.value.trim();
    hint.hidden = !(category === "other" && !reason);
    if (!hint.hidden) return null;
    return reason ? { category, reason } : { category };
  };
  return { body, read };
}

/** A "Flag" button: preset reasons in a dialog, then the flag is sent once. */
export function flagButton(kind, id, label) {
  const button = h("button", {
    type: "button",
    class: "btn btn-sm btn-outline-secondary",
    text: t("forum.flag"),
    "aria-label": t("forum.flag_label", { label }),
  });
  const done = (message) => {
    button.disabled = true;
    button.textContent = t("forum.flagged");
    button.removeAttribute("aria-label");
    announce(message);
  };
  button.addEventListener("click", async () => {
    const { body, read } = reasonForm();
    const flag = await formDialog({ title: t("forum.flag_title"), body, confirmLabel: t("forum.flag"), read });
    if (!flag) return;
    try {
      await busy(button, () => forum.flag(kind, id, flag));
      done(t("forum.flag_thanks"));
    } catch (error) {
      if (error.status === 409) done(t("forum.already_flagged"));
      else button.after(errorAlert(error));
    }
  });
  return button;
}
