// @ts-check
// The settings page's daily-digest switch (profile field `email_digest`).

import { request } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { errorAlert, replace } from "./ui.js";

/** Wire the switch: read the profile, save each change at once. */
export async function digestToggle(input, status) {
  try {
    const { profile } = await request("GET", "/api/profiles/me");
    input.checked = !!profile.email_digest;
    input.disabled = false;
  } catch (error) {
    replace(status, errorAlert(error));
    return;
  }
  input.addEventListener("change", async () => {
    input.disabled = true;
    try {
      await request("PATCH", "/api/profiles/me", { body: { email_digest: input.checked } });
      status.textContent = t(input.checked ? "notify.digest_on" : "notify.digest_off");
    } catch (error) {
      input.checked = !input.checked;
      replace(status, errorAlert(error));
    } finally {
      input.disabled = false;
    }
  });
}
