// @ts-check
// The forum's Markdown editor: Write / Preview tabs (the preview is the server's own
// rendering, so it shows exactly what will be stored) and a one-line formatting help.
import { forum } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { richText } from "./rich-text.js";
import { errorAlert, h, replace } from "./ui.js";

let editors = 0;

/**
 * A labelled Markdown textarea with a preview tab.
 * @param {{name?: string, label: string, value?: string, rows?: number, videoId?: string | null}} options
 * @returns {{root: HTMLElement, textarea: HTMLTextAreaElement, showWrite: () => void}}
 */
export function markdownEditor({ name = "body", label, value = "", rows = 5, videoId = null }) {
  editors += 1;
  const id = `md-${editors}`;
  const textarea = h("textarea", {
    class: "form-control",
    id: `${id}-text`,
    name,
    rows,
    required: true,
    maxLength: 10000,
    value,
    "aria-describedby": `${id}-help`,
  });
  // The preview is the Preview tab's panel and takes its name from that tab: a name built
  // from the field label ("Message preview") would also match a search for the label itself.
  const preview = h("div", {
    class: "border rounded p-2 bg-body-tertiary",
    id: `${id}-preview`,
    role: "tabpanel",
    "aria-labelledby": `${id}-preview-tab`,
    hidden: true,
  });
  const tabButton = (key, text, selected) =>
    h("button", {
      type: "button",
      class: `nav-link${selected ? " active" : ""}`,
      id: `${id}-${key}-tab`,
      role: "tab",
      "aria-selected": String(selected),
      "aria-controls": key === "write" ? textarea.id : preview.id,
      text,
    });
  const write = tabButton("write", t("forum.write"), true);
  const show = tabButton("preview", t("forum.preview"), false);
  const select = (previewing) => {
    write.classList.toggle("active", !previewing);
    show.classList.toggle("active", previewing);
    write.setAttribute("aria-selected", String(!previewing));
    show.setAttribute("aria-selected", String(previewing));
    textarea.hidden = previewing;
    preview.hidden = !previewing;
  };
  write.addEventListener("click", () => {
    select(false);
    textarea.focus();
  });
  show.addEventListener("click", async () => {
    select(true);
    const text = textarea.value.trim();
    if (!text) {
      replace(preview, h("p", { class: "text-body-secondary mb-0", text: t("forum.nothing_to_preview") }));
      return;
    }
    replace(preview, h("p", { class: "text-body-secondary mb-0", text: t("forum.rendering") }));
    try {
      const { body_html: html } = await forum.preview(text, videoId);
      replace(preview, richText(html));
    } catch (error) {
      replace(preview, errorAlert(error));
    }
  });
  const help = t(videoId ? "forum.help_video" : "forum.help");
  const root = h(
    "div",
    { class: "mb-2" },
    h("label", { class: "form-label", for: textarea.id, text: label }),
    h("div", { class: "nav nav-tabs mb-1", role: "tablist", "aria-label": t("forum.write_or_preview") }, write, show),
    textarea,
    preview,
    h("div", { class: "form-text", id: `${id}-help`, text: help }),
  );
  return { root, textarea, showWrite: () => select(false) };
}
