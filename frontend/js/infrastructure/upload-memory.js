// @ts-check
// Which local file each unfinished upload came from (name, size, date), kept in localStorage,
// so after a reload the editor can say which file to pick again and refuse a different one.
// A browser never gives a page the file back by itself: the person has to choose it again.

const PREFIX = "dread-upload:";

/** @param {string} videoId @param {File} file */
export function rememberFile(videoId, file) {
  try {
    localStorage.setItem(PREFIX + videoId, JSON.stringify({ name: file.name, size: file.size, lastModified: file.lastModified }));
  } catch {
    // Storage full or disabled: resuming still works, only without the file's name.
  }
}

/** @param {string} videoId @returns {{name: string, size: number, lastModified: number} | null} */
export function rememberedFile(videoId) {
  try {
    return JSON.parse(localStorage.getItem(PREFIX + videoId) || "null");
  } catch {
    return null;
  }
}

/** @param {string} videoId */
export function forgetFile(videoId) {
  try {
    localStorage.removeItem(PREFIX + videoId);
  } catch {
    // nothing to forget
  }
}

/** Whether `file` is the one remembered for `videoId` (true when nothing is remembered). */
export function isRememberedFile(videoId, file) {
  const known = rememberedFile(videoId);
  return !known || (known.name === file.name && known.size === file.size);
}
