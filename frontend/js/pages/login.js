// @ts-check
// Log in, then go back where the visitor came from (same-origin paths only).

import { busy, byId, clearFormErrors, params, showFormError } from "../components/ui.js";
import { startPage } from "../infrastructure/page.js";
import { safeNext, signIn } from "../infrastructure/session.js";

startPage({}, async ({ user }) => {
  const next = safeNext(params().get("next"));
  if (user) {
    window.location.replace(next);
    return;
  }
  const register = byId("register-link", HTMLAnchorElement);
  if (next !== "/") register.href = `/register.html?next=${encodeURIComponent(next)}`;
  const form = byId("login-form", HTMLFormElement);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    try {
      await busy(form.querySelector("[type=submit]"), () => signIn(form.elements.email.value.trim(), form.elements.password.value));
      window.location.assign(next);
    } catch (error) {
      showFormError(form, error);
    }
  });
  form.elements.email.focus();
});
