"""The course editor's modules in Chromium with the network faked (no stack): the server
message mapping and the form-error helper that uses it, resuming an upload a reload cut off,
and the one progress indicator's stages."""

from __future__ import annotations

import pytest

from tests.e2e.test_modules import ORIGIN, page  # noqa: F401 (the fake-origin page fixture)

HUMANIZE = """async (cases) => {
  const { humanize } = await import("/js/infrastructure/messages.js");
  return cases.map(([problem, context]) => humanize(problem, context));
}"""


@pytest.mark.parametrize(
    ("problem", "context", "detail", "errors"),
    [
        (
            {
                "detail": "Invalid title.",
                "errors": {"title": "String should have at least 1 character"},
            },
            {"subject": "course"},
            "Give the course a title.",
            {"title": "Give the course a title."},
        ),
        (
            {"detail": "Invalid title.", "errors": {"title": "Field required"}},
            {"subject": "video"},
            "Give the video a title.",
            {"title": "Give the video a title."},
        ),
        (
            {
                "detail": "Invalid description, tags.0.",
                "errors": {
                    "description": "String should have at most 5000 characters",
                    "tags.0": "String should have at most 40 characters",
                },
            },
            {},
            "Correct the 2 fields below.",
            {
                "description": "Description can have at most 5,000 characters.",
                "tags.0": "Tags can have at most 40 characters.",
            },
        ),
        (
            {"detail": "Invalid level.", "errors": {"level": "Input should be 'a', 'b' or 'c'"}},
            {"labels": {"level": "Difficulty"}},
            "Difficulty: choose one of a, b, c.",
            {"level": "Difficulty: choose one of a, b, c."},
        ),
        (
            {
                "detail": "Invalid website.",
                "errors": {"website": "URL scheme should be 'http' or 'https'"},
            },
            {},
            "Enter a full web address starting with http:// or https://.",
            {"website": "Enter a full web address starting with http:// or https://."},
        ),
        (
            {
                "detail": "Invalid chapters.1.start_s.",
                "errors": {"chapters.1.start_s": "Input should be greater than or equal to 0"},
            },
            {},
            "Start time must be 0 or more.",
            {"chapters.1.start_s": "Start time must be 0 or more."},
        ),
        (
            {"detail": "Invalid body.", "errors": {"body": "Value error, Tags must be unique"}},
            {},
            "Tags must be unique.",
            {"body": "Tags must be unique."},
        ),
        (  # not a validation summary: the server's own sentence stays
            {"detail": "An account with this email already exists.", "errors": {}},
            {},
            "An account with this email already exists.",
            {},
        ),
        (  # a message the table does not know is kept word for word
            {"detail": "Invalid position.", "errors": {"position": "Something new"}},
            {},
            "Something new",
            {"position": "Something new"},
        ),
    ],
)
def test_server_messages_read_as_plain_words(page, problem, context, detail, errors):  # noqa: F811
    [human] = page.evaluate(HUMANIZE, [[problem, context]])
    assert human == {"detail": detail, "errors": errors}


def test_form_errors_use_the_forms_subject_and_labels(page):  # noqa: F811
    shown = page.evaluate(
        """async () => {
          const ui = await import("/js/components/ui.js");
          const form = ui.h("form", { dataset: { subject: "course" } },
            ui.h("div", { "data-form-error": "" }),
            ui.h("label", { for: "t", text: "Title" }),
            ui.h("input", { id: "t", name: "title" }),
            ui.h("label", { for: "g", text: "Keywords" }),
            ui.h("input", { id: "g", name: "tags" }));
          document.body.append(form);
          ui.showFormError(form, { detail: "Invalid tags, title, color.", errors: {
            title: "String should have at least 1 character",
            tags: "List should have at most 20 items",
            color: "Unknown field." } });
          return {
            title: form.querySelector("#t-error").textContent,
            tags: form.querySelector("#g-error").textContent,
            alert: form.querySelector("[role=alert]").textContent,
            invalid: [...form.querySelectorAll(".is-invalid")].map((node) => node.id),
          };
        }"""
    )
    assert shown["title"] == "Give the course a title."
    assert shown["tags"] == "Keywords: at most 20."
    assert shown["alert"] == "Correct the 3 fields below.Color is not accepted here."
    assert shown["invalid"] == ["t", "g"]


class FakeUploads:
    """The video service's resume endpoint and a bucket taking parts, for one video."""

    def __init__(self, page, upload: dict):  # noqa: F811
        self.upload = upload
        self.puts: list[str] = []
        self.completed = None
        page.route(f"{ORIGIN}/bucket/**", self.put)
        page.route(f"{ORIGIN}/api/videos/v9/**", self.api)

    def put(self, route):
        self.puts.append(route.request.url.split("?")[1] if "?" in route.request.url else "")
        route.fulfill(status=200, headers={"ETag": f'"e{len(self.puts)}"'}, body="")

    def api(self, route):
        url = route.request.url
        if url.endswith("/upload") and route.request.method == "GET":
            return route.fulfill(json={"upload": self.upload})
        if url.endswith("/upload/complete"):
            self.completed = route.request.post_data_json
            return route.fulfill(status=202, json={"video": {"id": "v9", "status": "processing"}})
        if "/upload/parts/" in url:
            return route.fulfill(status=204, body="")
        route.fulfill(status=404, json={"detail": "unexpected " + url})


RESUME = """async ({size}) => {
  const { VideoUpload } = await import("/js/infrastructure/upload.js");
  const file = new File([new Uint8Array(size)], "lecture.mp4", { type: "video/mp4" });
  const seen = [];
  try {
    const upload = await VideoUpload.resumeFrom({ id: "v9", title: "Lecture" }, file,
      (fraction) => seen.push(fraction));
    seen.push("first:" + seen[0]);
    await upload.start();
    return { seen };
  } catch (error) { return { error: error.message }; }
}"""

MULTIPART = {
    "method": "multipart",
    "upload_id": "u9",
    "part_size": 1000,
    "part_count": 3,
    "parts": [
        {"part_number": n, "url": f"{ORIGIN}/bucket/src?partNumber={n}&uploadId=u9"} for n in (2, 3)
    ],
    "uploaded_parts": [{"part_number": 1, "etag": '"held-1"', "size": 1000}],
}


def test_a_cut_off_multipart_upload_sends_only_the_missing_parts(page):  # noqa: F811
    store = FakeUploads(page, MULTIPART)
    result = page.evaluate(RESUME, {"size": 2500})
    assert "error" not in result, result
    assert sorted(store.puts) == ["partNumber=2&uploadId=u9", "partNumber=3&uploadId=u9"]
    assert result["seen"][-1] == 1
    assert "first:0.4" in result["seen"]  # the held part counts from the start
    parts = store.completed["parts"]
    assert [part["part_number"] for part in parts] == [1, 2, 3]
    assert parts[0]["etag"] == '"held-1"'  # the part S3 already held is not sent again


def test_resuming_with_a_different_file_is_refused(page):  # noqa: F811
    store = FakeUploads(page, MULTIPART)
    result = page.evaluate(RESUME, {"size": 5000})
    assert "not the file this upload was started with" in result["error"]
    assert store.puts == [] and store.completed is None


def test_a_put_that_went_through_is_only_completed(page):  # noqa: F811
    store = FakeUploads(
        page,
        {
            "method": "PUT",
            "url": f"{ORIGIN}/bucket/src",
            "headers": {"Content-Type": "video/mp4", "Content-Length": "1200"},
            "uploaded": True,
        },
    )
    result = page.evaluate(RESUME, {"size": 1200})
    assert "error" not in result, result
    assert store.puts == [] and store.completed == {}


def test_one_indicator_walks_through_the_stages(page):  # noqa: F811
    stages = page.evaluate(
        """async () => {
          const progress = await import("/js/components/video-progress.js");
          const { videoProgress, updateProgress } = progress;
          const video = { id: "v", title: "Clip", status: "uploading" };
          const local = { fraction: 0, queued: true, failed: false, sent: false };
          const node = videoProgress(video, local);
          const seen = [];
          const look = () => seen.push([node.dataset.stage,
            node.querySelector("[role=progressbar]").getAttribute("aria-valuetext")]);
          look();
          Object.assign(local, { queued: false, fraction: 0.42 });
          updateProgress(node, video, local); look();
          local.sent = true; updateProgress(node, video, local); look();
          Object.assign(video, { status: "processing", progress_percent: 37 });
          updateProgress(node, video, local); look();
          Object.assign(video, { status: "ready", duration_s: 65 });
          updateProgress(node, video, undefined); look();
          const cut = videoProgress({ id: "w", title: "Old", status: "uploading" }, undefined);
          seen.push([cut.dataset.stage, cut.textContent]);
          return seen;
        }"""
    )
    assert stages == [
        ["queued", "Waiting to upload"],
        ["uploading", "Uploading · 42%"],
        ["processing", "Processing · 0%"],
        ["processing", "Processing · 37%"],
        ["ready", "Ready · 1:05"],
        ["interrupted", "Upload interrupted"],
    ]
