// @ts-check
// Set a new password with the token from the mailed link (/reset.html#token=…).

import { busy, byId, clearFormErrors, showFormError } from "../components/ui.js";
import { request } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

startPage({}, async () => {
  // The token travels in the fragment, so it never reaches a server log or a Referer.
  const token = new URLSearchParams(window.location.hash.slice(1)).get("token") || "";
  const form = byId("reset-form", HTMLFormElement);
  const done = byId("reset-done");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    try {
      const body = { token, new_password: form.elements.new_password.value };
      await busy(form.querySelector("[type=submit]"), () => request("POST", "/api/auth/password-reset/confirm", { body, retry: false, auth: false }));
      history.replaceState(null, "", window.location.pathname);
      form.hidden = true;
      done.hidden = false;
      done.focus();
    } catch (error) {
      showFormError(form, error);
    }
  });
  form.elements.new_password.focus();
});
