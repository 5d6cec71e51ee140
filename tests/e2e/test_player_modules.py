"""The player's own modules in Chromium with the network faked (no stack): URL expiry and
renewal of segment URLs, the transcript panel's search and highlight, storyboard thumbnails,
and the course-wide transcript search component."""

from __future__ import annotations

import json

from tests.e2e.test_modules import ORIGIN, page  # noqa: F401 (the fake-origin page fixture)

SEGMENT = ORIGIN + "/bucket/videos/v1/hls/360p/seg_00001.ts"


def presigned(url: str, signed_at: str, seconds: int) -> str:
    """A SigV4-looking presigned URL signed at `signed_at` (YYYYMMDDTHHMMSSZ)."""
    return f"{url}?X-Amz-Date={signed_at}&X-Amz-Expires={seconds}&X-Amz-Signature=abc"


def test_url_expiry_reads_sigv4_and_sigv2(page):  # noqa: F811
    values = page.evaluate(
        """async ([v4, v2]) => {
          const { urlExpiry } = await import("/js/components/player/source.js");
          return [urlExpiry(v4), urlExpiry(v2), urlExpiry("/plain.ts")];
        }""",
        [presigned(SEGMENT, "20261201T100000Z", 60), SEGMENT + "?Expires=1800000000"],
    )
    assert values[0] == 1796119260000  # 2026-12-01T10:01:00Z
    assert values[1] == 1800000000000
    assert values[2] == float("inf")  # says nothing: only a 403 renews it


def test_expired_segment_url_is_replaced_from_a_renewed_media_playlist(page):  # noqa: F811
    calls = {"stream": 0, "media": []}

    def stream(route):
        calls["stream"] += 1
        body = {
            "hls_url": f"{ORIGIN}/api/videos/v1/hls/master.m3u8?token=new{calls['stream']}",
            "mp4_url": ORIGIN + "/v.mp4",
            "expires_at": "2099-01-01T00:00:00Z",
            "captions": [],
        }
        route.fulfill(body=json.dumps(body), content_type="application/json")

    def media(route):
        calls["media"].append(route.request.url)
        fresh = presigned(SEGMENT, "20990101T000000Z", 3600)
        route.fulfill(body=f"#EXTM3U\n#EXTINF:4,\n{fresh}\n#EXT-X-ENDLIST\n")

    page.route(f"{ORIGIN}/api/videos/v1/stream", stream)
    page.route(f"{ORIGIN}/api/videos/v1/hls/360p.m3u8*", media)
    result = page.evaluate(
        """async (stale) => {
          const { StreamSource } = await import("/js/components/player/source.js");
          const fetchStream = () => fetch("/api/videos/v1/stream").then((r) => r.json());
          // an answer about to expire: the source renews it before using its token
          const soon = new Date(Date.now() + 100).toISOString();
          const source = new StreamSource(
            { hls_url: "/api/videos/v1/hls/master.m3u8?token=old", expires_at: soon }, fetchStream);
          const segment = await source.fresh(stale);
          const playlist = await source.fresh("/api/videos/v1/hls/360p.m3u8?token=old");
          const again = source.fresh(segment);  // fresh now: returned as it is, no request
          source.stop();
          return { segment, playlist, again, renewals: source.renewals };
        }""",
        presigned(SEGMENT, "20200101T000000Z", 60),
    )
    assert "X-Amz-Date=20990101T000000Z" in result["segment"], result
    assert result["again"] == result["segment"]
    assert result["playlist"].endswith("token=new1"), result
    assert result["renewals"] == 1 and calls["stream"] == 1
    assert calls["media"] == [f"{ORIGIN}/api/videos/v1/hls/360p.m3u8?token=new1"]


def test_refused_url_renews_even_when_it_looks_fresh(page):  # noqa: F811
    page.route(
        f"{ORIGIN}/api/videos/v1/hls/360p.m3u8*",
        lambda route: route.fulfill(
            body=f"#EXTM3U\n{presigned(SEGMENT, '20990101T000000Z', 3600)}\n#EXT-X-ENDLIST\n"
        ),
    )
    result = page.evaluate(
        """async (looksFresh) => {
          const { StreamSource } = await import("/js/components/player/source.js");
          let asked = 0;
          const answer = () => ({ hls_url: `/api/videos/v1/hls/master.m3u8?token=t${asked}`,
                                  expires_at: "2099-01-01T00:00:00Z" });
          const source = new StreamSource(answer(), () => { asked += 1; return answer(); });
          const url = await source.refused(looksFresh);
          source.stop();
          return { url, asked };
        }""",
        presigned(SEGMENT, "20980101T000000Z", 3600),
    )
    assert result["asked"] == 1
    assert "X-Amz-Date=20990101T000000Z" in result["url"]


def test_preloaded_playlists_reach_hls_js_without_another_request(page):  # noqa: F811
    requested = []
    master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n480p.m3u8?token=t\n"
    media = f"#EXTM3U\n#EXTINF:4,\n{presigned(SEGMENT, '20990101T000000Z', 3600)}\n"

    def serve(body):
        return lambda route: (requested.append(route.request.url), route.fulfill(body=body))

    page.route(f"{ORIGIN}/api/videos/v1/hls/master.m3u8*", serve(master))
    page.route(f"{ORIGIN}/api/videos/v1/hls/480p.m3u8*", serve(media))
    result = page.evaluate(
        """async () => {
          const { StreamSource, preloadPlaylists, renewingLoader } =
            await import("/js/components/player/source.js");
          const hlsUrl = "/api/videos/v1/hls/master.m3u8?token=t";
          await preloadPlaylists(hlsUrl);
          const network = [];
          class Network {  // stands in for hls.js's own loader: records what would go out
            constructor() { this.stats = { loading: { start: 1, end: 2 } }; }
            load(context, _config, callbacks) {
              network.push(context.url);
              callbacks.onSuccess({ url: context.url, data: "network" }, this.stats, context);
            }
            abort() {}
            destroy() {}
          }
          const source = new StreamSource(
            { hls_url: hlsUrl, expires_at: "2099-01-01T00:00:00Z" }, async () => null);
          const Loader = renewingLoader(source, Network);
          const load = (url) => new Promise((done) => {
            const loader = new Loader({});
            loader.load({ url }, {}, { onSuccess: (response, stats) =>
              done({ text: response.data, instant: stats.loading.end === stats.loading.start }) });
          });
          const first = await load(new URL(hlsUrl, location.href).href);
          const media = new URL("/api/videos/v1/hls/480p.m3u8?token=t", location.href).href;
          const level = await load(media);
          const again = await load(new URL(hlsUrl, location.href).href);  // taken once only
          source.stop();
          return { first, level, again, network };
        }"""
    )
    assert result["first"] == {"text": master, "instant": True}
    assert result["level"] == {"text": media, "instant": True}
    assert len(requested) == 2  # the preload itself: one master, one media playlist
    assert result["again"]["text"] == "network" and len(result["network"]) == 1


def test_transcript_panel_searches_and_follows_playback(page):  # noqa: F811
    result = page.evaluate(
        """async () => {
          const { transcriptPanel } = await import("/js/components/player/transcript.js");
          const box = document.createElement("div");
          document.body.append(box);
          const cues = [
            { start_s: 0, end_s: 4, text: "Welcome to the lesson." },
            { start_s: 4, end_s: 9, text: "Plants use Chlorophyll for light." },
            { start_s: 9, end_s: 15, text: "Chlorophyll is green." },
          ];
          const seeks = [];
          const panel = transcriptPanel(box, cues, (s) => seeks.push(s));
          panel.follow(5);
          const active = box.querySelector(".active").dataset.start;
          const input = box.querySelector("#transcript-search");
          input.value = "chlorophyll green";
          input.dispatchEvent(new Event("input"));
          const shown = [...box.querySelectorAll(".transcript-cue")].filter((r) => !r.hidden);
          shown[0].click();
          const marks = box.querySelectorAll(".transcript-cue:not([hidden]) mark");
          return { active, shown: shown.map((r) => r.dataset.start),
                   marks: [...marks].map((m) => m.textContent),
                   count: box.querySelector("#transcript-count").textContent, seeks };
        }"""
    )
    assert result["active"] == "4"
    assert result["shown"] == ["9"]
    assert result["marks"] == ["Chlorophyll", "green"]
    assert result["count"] == "1 of 3 lines match."
    assert result["seeks"] == [9]


def test_storyboard_thumbnails_are_parsed_with_their_boxes(page):  # noqa: F811
    cues = page.evaluate(
        """async () => {
          const { parseThumbnails } = await import("/js/components/player/storyboard.js");
          const vtt = "WEBVTT\\n\\n00:00.000 --> 00:05.000\\nsprite.jpg#xywh=0,0,160,90\\n\\n" +
                      "00:05.000 --> 00:10.000\\nsprite.jpg#xywh=160,0,160,90\\n";
          return parseThumbnails(vtt, "http://dread.test/bucket/v1/storyboard.vtt?sig=1");
        }"""
    )
    assert cues == [
        {
            "start": 0,
            "end": 5,
            "url": "http://dread.test/bucket/v1/sprite.jpg",
            "x": 0,
            "y": 0,
            "w": 160,
            "h": 90,
        },
        {
            "start": 5,
            "end": 10,
            "url": "http://dread.test/bucket/v1/sprite.jpg",
            "x": 160,
            "y": 0,
            "w": 160,
            "h": 90,
        },
    ]


def test_course_transcript_search_lists_cues_linking_to_the_time(page):  # noqa: F811
    asked = []

    def search(route):
        asked.append(route.request.url)
        items = [
            {
                "video_id": "v2",
                "title": "Photosynthesis",
                "start_s": 83.4,
                "end_s": 88,
                "text": "Chlorophyll absorbs light.",
            }
        ]
        route.fulfill(body=json.dumps({"items": items}), content_type="application/json")

    page.route(f"{ORIGIN}/api/videos/search*", search)
    result = page.evaluate(
        """async () => {
          const { mountTranscriptSearch } = await import("/js/components/transcript-search.js");
          const box = document.createElement("div");
          document.body.append(box);
          const { form, input } = mountTranscriptSearch(box, { courseId: "c1" });
          input.value = "chlorophyll";
          form.requestSubmit();
          const tick = () => new Promise((done) => setTimeout(done, 50));
          for (let i = 0; i < 50 && !box.querySelector("ol a"); i += 1) await tick();
          const link = box.querySelector("ol a");
          return { href: link.getAttribute("href"), text: box.querySelector("ol li").textContent,
                   mark: box.querySelector("mark").textContent,
                   label: box.querySelector("label").textContent };
        }"""
    )
    assert asked and "course_id=c1" in asked[0] and "q=chlorophyll" in asked[0]
    assert result["href"] == "/watch.html?id=v2&t=83"
    assert "Photosynthesis" in result["text"] and "1:23" in result["text"]
    assert result["mark"] == "Chlorophyll"
