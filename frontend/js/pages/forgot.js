// @ts-check
// Ask for a password-reset link; the answer is the same whether the account exists or not.

import { busy, byId, clearFormErrors, showFormError } from "../components/ui.js";
import { request } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

startPage({}, async () => {
  const form = byId("forgot-form", HTMLFormElement);
  const sent = byId("forgot-sent");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    try {
      const email = form.elements.email.value.trim();
      await busy(form.querySelector("[type=submit]"), () => request("POST", "/api/auth/password-reset", { body: { email }, retry: false, auth: false }));
      sent.hidden = false;
      sent.focus();
    } catch (error) {
      showFormError(form, error);
    }
  });
  form.elements.email.focus();
});
