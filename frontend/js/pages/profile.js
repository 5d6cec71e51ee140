// @ts-check
// Own profile: details, avatar upload with preview and progress, account and password.

import {
  announce,
  avatar,
  busy,
  byId,
  clearFormErrors,
  errorAlert,
  h,
  notice,
  pageUrl,
  progressBar,
  replace,
  setProgress,
  showFormError,
} from "../components/ui.js";
import { auth, profiles, updateCurrentUser } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";
import { sendFile } from "../infrastructure/upload.js";

const AVATAR_TYPES = ["image/png", "image/jpeg", "image/webp"];
const AVATAR_MAX = 2 * 1024 * 1024;

function fillProfile(profile) {
  const form = byId("profile-form", HTMLFormElement);
  for (const name of ["display_name", "bio", "location", "website"]) form.elements[name].value = profile[name] || "";
  replace(byId("avatar-preview"), avatar(profile.avatar_url, profile.display_name, 128));
  byId("avatar-remove").hidden = !profile.avatar_url;
}

function bindAvatarRemove() {
  const button = byId("avatar-remove");
  button.addEventListener("click", async () => {
    try {
      await busy(button, () => profiles.removeAvatar());
      fillProfile((await profiles.me()).profile);
      announce("Picture removed.");
    } catch (error) {
      replace(byId("avatar-progress"), errorAlert(error));
      byId("avatar-progress").hidden = false;
    }
  });
}

function bindProfileForm() {
  const form = byId("profile-form", HTMLFormElement);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const body = {};
    for (const name of ["display_name", "bio", "location", "website"]) body[name] = form.elements[name].value.trim();
    try {
      const { profile } = await busy(form.querySelector("[type=submit]"), () => profiles.update(body));
      fillProfile(profile);
      updateCurrentUser({ display_name: profile.display_name }); // the navbar shows the new name
      byId("profile-saved").replaceChildren(notice("Profile saved."));
    } catch (error) {
      showFormError(form, error);
    }
  });
}

function bindAvatarForm() {
  const form = byId("avatar-form", HTMLFormElement);
  const input = form.elements.avatar;
  let previewUrl = null;
  input.addEventListener("change", () => {
    clearFormErrors(form);
    const file = input.files[0];
    if (!file) return;
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = URL.createObjectURL(file);
    replace(
      byId("avatar-preview"),
      h("img", { src: previewUrl, alt: "Preview of your new picture", class: "avatar avatar-128 rounded-circle", width: "128", height: "128" }),
    );
    announce("Preview ready. Press Upload picture to save it.");
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const file = input.files[0];
    const problem = !file
      ? "Choose an image first."
      : !AVATAR_TYPES.includes(file.type)
        ? "Use a PNG, JPEG or WebP image."
        : file.size > AVATAR_MAX
          ? "The image is larger than 2 MB."
          : null;
    if (problem) {
      showFormError(form, { detail: problem, errors: { avatar: problem } });
      return;
    }
    const bar = progressBar(0, "Picture upload");
    replace(byId("avatar-progress"), bar);
    byId("avatar-progress").hidden = false;
    try {
      const { profile } = await busy(form.querySelector("[type=submit]"), async () => {
        const created = await profiles.avatarUpload(file);
        await sendFile(created.upload, file, (loaded, total) => setProgress(bar, (loaded / total) * 100));
        return profiles.avatarComplete(created.complete_url);
      });
      fillProfile(profile);
      form.reset();
      replace(byId("avatar-progress"), notice("Picture updated."));
    } catch (error) {
      byId("avatar-progress").hidden = true;
      showFormError(form, error);
    }
  });
}

function bindPasswordForm() {
  const form = byId("password-form", HTMLFormElement);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const body = { current_password: form.elements.current_password.value, new_password: form.elements.new_password.value };
    try {
      await busy(form.querySelector("[type=submit]"), () => auth.changePassword(body));
      form.reset();
      byId("password-saved").replaceChildren(notice("Password changed. Other sessions were signed out."));
    } catch (error) {
      showFormError(form, error);
    }
  });
}

startPage({ auth: true }, async ({ user }) => {
  byId("public-link", HTMLAnchorElement).href = pageUrl("/user.html", { id: user.id });
  replace(
    byId("account"),
    h("dt", { class: "col-sm-4", text: "Email" }),
    h("dd", { class: "col-sm-8 text-break-anywhere", text: user.email }),
    h("dt", { class: "col-sm-4", text: "Role" }),
    h("dd", { class: "col-sm-8 text-capitalize", text: user.role }),
  );
  bindProfileForm();
  bindAvatarForm();
  bindAvatarRemove();
  bindPasswordForm();
  try {
    fillProfile((await profiles.me()).profile);
  } catch (error) {
    byId("profile-saved").replaceChildren(errorAlert(error, "Your profile could not be loaded."));
  }
});
