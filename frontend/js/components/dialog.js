// @ts-check
// Bootstrap modal dialogs: confirmations before destructive actions, one-line prompts.
import { h } from "./ui.js";

/** Bootstrap modal confirmation; resolves to true when confirmed. */
export function confirmDialog({ title, body, confirmLabel = "Delete", danger = true }) {
  return modalDialog({ title, body, confirmLabel, danger }).then((result) => result !== null);
}

/** Bootstrap modal asking for one line of text; resolves to the text or null. */
export function promptDialog({ title, label, confirmLabel = "Send", maxLength = 500 }) {
  const input = h("input", { class: "form-control", id: "dialog-input", maxLength, required: true });
  const field = h("div", {}, h("label", { class: "form-label", for: "dialog-input", text: label }), input);
  return modalDialog({ title, body: field, confirmLabel, danger: false, input });
}

/**
 * Bootstrap modal around a form body; `read()` returns the answer, or null to keep it open.
 * Resolves to the answer, or null when cancelled.
 * @param {{title: string, body: HTMLElement, confirmLabel?: string, read: () => any, focus?: HTMLElement}} options
 */
export function formDialog({ title, body, confirmLabel = "Send", read, focus }) {
  return modalDialog({ title, body, confirmLabel, danger: false, input: focus || null, read });
}

function modalDialog({ title, body, confirmLabel, danger, input = null, read = null }) {
  const titleId = `dialog-title-${Date.now()}`;
  const confirm = h("button", {
    type: "submit",
    class: `btn ${danger ? "btn-danger" : "btn-primary"}`,
    text: confirmLabel,
  });
  const form = h(
    "form",
    { class: "modal-content" },
    h(
      "div",
      { class: "modal-header" },
      h("h2", { class: "modal-title fs-5", id: titleId, text: title }),
      h("button", { type: "button", class: "btn-close", "data-bs-dismiss": "modal", "aria-label": "Close" }),
    ),
    h("div", { class: "modal-body" }, typeof body === "string" ? h("p", { class: "mb-0", text: body }) : body),
    h(
      "div",
      { class: "modal-footer" },
      h("button", { type: "button", class: "btn btn-outline-secondary", "data-bs-dismiss": "modal", text: "Cancel" }),
      confirm,
    ),
  );
  const modal = h(
    "div",
    { class: "modal fade", tabindex: "-1", "aria-labelledby": titleId, "aria-modal": "true", role: "dialog" },
    h("div", { class: "modal-dialog modal-dialog-centered" }, form),
  );
  document.body.append(modal);
  const dialog = new window.bootstrap.Modal(modal);
  return new Promise((resolve) => {
    let result = null;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      result = read ? read() : input ? input.value.trim() : "";
      if ((read || input) && !result) return;
      dialog.hide();
    });
    modal.addEventListener("shown.bs.modal", () => (input || confirm).focus());
    modal.addEventListener("hidden.bs.modal", () => {
      dialog.dispose();
      modal.remove();
      resolve(result);
    });
    dialog.show();
  });
}
