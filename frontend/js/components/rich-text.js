// @ts-check
// A post's body_html into the page. The server renders Markdown and sanitises it (nh3); this
// rebuilds the nodes from an allowlist anyway, so a bad answer can never run script here.

const TAGS = new Set(["P", "BR", "HR", "EM", "STRONG", "A", "CODE", "PRE", "BLOCKQUOTE", "UL", "OL", "LI", "H1", "H2", "H3", "H4", "H5", "H6"]);
// Headings inside a post must not outrank the page's own: they are drawn as small headings.
const HEADING = /^H[1-6]$/;

/** Whether an href may be followed: http(s), mailto, or a path on this site. */
function safeHref(href) {
  if (href.startsWith("/") && !href.startsWith("//")) return true;
  try {
    return ["http:", "https:", "mailto:"].includes(new URL(href).protocol);
  } catch {
    return false;
  }
}

function copy(source, target) {
  for (const child of source.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      target.append(document.createTextNode(child.textContent || ""));
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const element = /** @type {Element} */ (child);
    if (!TAGS.has(element.tagName)) {
      copy(element, target); // keep the text of anything unexpected, never the element
      continue;
    }
    const tag = HEADING.test(element.tagName) ? "p" : element.tagName.toLowerCase();
    const node = document.createElement(tag);
    if (HEADING.test(element.tagName)) node.className = "fw-semibold mb-1";
    if (tag === "a") {
      const href = element.getAttribute("href") || "";
      if (safeHref(href)) node.setAttribute("href", href);
      node.setAttribute("rel", "nofollow noopener");
      if (element.classList.contains("forum-timestamp")) node.className = "forum-timestamp";
    }
    if (tag === "ol" && element.getAttribute("start")) node.setAttribute("start", String(Number(element.getAttribute("start")) || 1));
    copy(element, node);
    target.append(node);
  }
}

/**
 * A div holding the post's sanitised HTML (class `forum-body`).
 * @param {string} html body_html from the forum service
 */
export function richText(html) {
  const parsed = new DOMParser().parseFromString(`<body>${html || ""}</body>`, "text/html");
  const container = document.createElement("div");
  container.className = "forum-body text-break-anywhere";
  copy(parsed.body, container);
  return container;
}
