// @ts-check
// Sign up, then sign straight in.

import { busy, byId, clearFormErrors, params, showFormError } from "../components/ui.js";
import { auth } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";
import { safeNext, signIn } from "../infrastructure/session.js";

startPage({}, async ({ user }) => {
  const next = safeNext(params().get("next"));
  if (user) {
    window.location.replace(next);
    return;
  }
  const form = byId("register-form", HTMLFormElement);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const body = {
      display_name: form.elements.display_name.value.trim(),
      email: form.elements.email.value.trim(),
      password: form.elements.password.value,
    };
    try {
      await busy(form.querySelector("[type=submit]"), async () => {
        await auth.register(body);
        await signIn(body.email, body.password);
      });
      window.location.assign(next);
    } catch (error) {
      showFormError(form, error);
    }
  });
});
