"""The player people know: one control bar inside the video (also in full screen), YouTube's
keys with a help overlay, settings remembered across videos, "Resumed at · Start over", the
next video's cancellable countdown, watched ticks, screenshots at 1366x768 and 390x844."""

from __future__ import annotations

import re

import pytest
import requests

from tests.e2e.e2e_support import (
    REPO,
    api,
    audit,
    create_course,
    make_video,
    new_account,
    unique,
    upload_video,
    wait_ready,
    wait_ready_page,
    wait_until,
)

VTT = (
    "WEBVTT\n\n"
    "00:00.000 --> 00:05.000\nWelcome to the lesson.\n\n"
    "00:05.000 --> 00:12.000\nPlants make sugar with chlorophyll.\n\n"
    "00:12.000 --> 00:20.000\nThat is all for today.\n"
)
VIDEO = "document.querySelector('#player')"
TIME = f"() => {VIDEO}.currentTime"
AT_LEAST = f"(min) => {VIDEO}.currentTime >= min"
ARTIFACTS = REPO / "test-artifacts"


def put_caption(site, teacher, video_id: str, text: str = VTT) -> None:
    """Upload an English WebVTT caption and complete it (learners see completed ones only)."""
    upload = api(
        site,
        "POST",
        f"/api/videos/{video_id}/captions",
        teacher,
        json={"language": "en", "label": "English"},
    )["upload"]
    sent = requests.put(upload["url"], data=text.encode(), headers=upload["headers"], timeout=10)
    assert sent.ok, sent.text[:300]
    api(site, "POST", f"/api/videos/{video_id}/captions/en/complete", teacher)


@pytest.fixture(scope="module")
def lessons(site, tmp_path_factory):
    """A course with two ready videos (the first captioned) and an enrolled student."""
    teacher = new_account(site, role="instructor", display_name="Player Teacher")
    student = new_account(site, display_name="Player Student")
    course = create_course(site, teacher, title=unique("Player course"))
    folder = tmp_path_factory.mktemp("player-media")
    first = upload_video(
        site,
        teacher,
        course["id"],
        make_video(folder / "one.mp4", seconds=20, size="854x480"),
        title="Lesson one",
    )
    second = upload_video(
        site, teacher, course["id"], make_video(folder / "two.mp4", seconds=4), title="Lesson two"
    )
    put_caption(site, teacher, first["id"])
    for video in (first, second):
        wait_ready(site, teacher, video["id"])
    api(site, "PUT", f"/api/courses/{course['id']}/enrollment", student)
    return {"course": course, "first": first, "second": second, "student": student}


def open_watch(page, account, video_id: str) -> None:
    """Log in as `account` and open the watch page of `video_id`, playing."""
    page.goto(f"/login.html?next={requests.utils.quote(f'/watch.html?id={video_id}')}")
    wait_ready_page(page)
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/watch\.html\?id="))
    wait_ready_page(page)
    wait_until(page, AT_LEAST, 0.3)


def bar(page):
    """The control bar inside the video area."""
    return page.get_by_role("group", name="Video controls")


def test_control_bar_works_in_full_screen(new_page, lessons):
    page = new_page()
    open_watch(page, lessons["student"], lessons["first"]["id"])
    assert page.evaluate(f"() => {VIDEO}.controls") is False  # ours, not the browser's
    controls = bar(page)
    for name in (
        "Pause",
        "Mute",
        "Subtitles/closed captions",
        "Settings",
        "Theatre mode",
        "Full screen",
    ):
        controls.get_by_role("button", name=name, exact=True).wait_for()
    controls.get_by_role("slider", name="Seek").wait_for()
    controls.get_by_role("slider", name="Volume").wait_for()

    controls.get_by_role("button", name="Full screen").click()
    wait_until(page, "() => document.fullscreenElement?.id === 'player-box'")
    # the bar is inside the full-screen element, on screen, and its settings still work
    assert page.evaluate(
        "() => document.fullscreenElement.contains(document.querySelector('.player-bar'))"
    )
    controls.get_by_role("button", name="Settings").click()
    qualities = page.locator("#quality option").all_inner_texts()
    assert qualities[0].startswith("Auto"), qualities
    assert len(qualities) >= 2 and all(q.endswith("p") for q in qualities[1:]), qualities
    wait_until(
        page,
        "() => /^Auto \\(\\d+p\\)$/.test(document.querySelector('#quality option').textContent)",
    )
    page.get_by_label("Quality").select_option(label="360p")
    page.get_by_label("Speed").select_option("1.5")
    assert page.evaluate(f"() => {VIDEO}.playbackRate") == 1.5
    page.get_by_label("Captions", exact=True).select_option(label="English")
    showing = f"() => [...{VIDEO}.textTracks].map((t) => t.mode)"
    assert page.evaluate(showing) == ["showing"]
    page.keyboard.press("Escape")  # closes the menu, not full screen
    assert page.locator("#player-settings").is_hidden()
    assert page.evaluate("() => !!document.fullscreenElement")
    controls.get_by_role("button", name="Exit full screen").click()
    wait_until(page, "() => !document.fullscreenElement")


def test_keys_as_on_youtube_and_help(new_page, lessons):
    page = new_page()
    open_watch(page, lessons["student"], lessons["first"]["id"])
    body = page.locator("body")
    body.press("k")
    wait_until(page, f"() => {VIDEO}.paused")
    body.press("3")  # 30 %
    wait_until(page, f"() => Math.abs({VIDEO}.currentTime - {VIDEO}.duration * 0.3) < 0.5")
    before = page.evaluate(TIME)
    near = "(t) => Math.abs(document.querySelector('#player').currentTime - t) < 0.3"
    body.press("l")
    wait_until(page, near, before + 10)
    body.press("j")
    wait_until(page, near, before)
    body.press("ArrowLeft")
    wait_until(page, near, before - 5)
    body.press("ArrowRight")
    wait_until(page, near, before)
    body.press("0")
    wait_until(page, f"() => {VIDEO}.currentTime < 0.3")
    body.press("ArrowDown")
    wait_until(page, f"() => Math.abs({VIDEO}.volume - 0.95) < 0.01")
    body.press("m")
    assert page.evaluate(f"() => {VIDEO}.muted")
    bar(page).get_by_role("button", name="Unmute").wait_for()
    body.press("m")
    body.press("c")
    assert page.evaluate(f"() => {VIDEO}.textTracks[0].mode") == "showing"
    assert (
        bar(page)
        .get_by_role("button", name="Subtitles/closed captions")
        .get_attribute("aria-pressed")
        == "true"
    )
    body.press("c")
    assert page.evaluate(f"() => {VIDEO}.textTracks[0].mode") == "disabled"
    body.press(">")
    assert page.evaluate(f"() => {VIDEO}.playbackRate") == 1.25
    body.press("<")
    body.press("<")
    assert page.evaluate(f"() => {VIDEO}.playbackRate") == 0.75
    body.press("t")
    assert page.locator("#watch-main").get_attribute("class") == "col-12"
    body.press("t")
    assert page.locator("#watch-main").get_attribute("class") == "col-lg-8"
    body.press(" ")
    wait_until(page, f"() => !{VIDEO}.paused")
    body.press("?")
    help_box = page.get_by_role("dialog", name="Keyboard shortcuts")
    help_box.wait_for()
    assert help_box.get_by_text("Back 10 seconds").is_visible()
    page.keyboard.press("Escape")
    help_box.wait_for(state="hidden")
    # every control of the bar is reachable with Tab and shows its focus
    bar(page).get_by_role("slider", name="Seek").focus()
    names = ["Seek"]
    for _ in range(9):
        page.keyboard.press("Tab")
        names.append(page.evaluate("() => document.activeElement.getAttribute('aria-label')"))
    assert {"Seek", "Pause", "Mute", "Volume", "Settings", "Full screen"} <= set(names), names


def test_remembered_settings_resume_countdown_and_ticks(new_page, lessons):
    page = new_page()
    first, second = lessons["first"], lessons["second"]
    open_watch(page, lessons["student"], first["id"])
    bar(page).get_by_role("button", name="Settings").click()
    page.get_by_label("Speed").select_option("1.5")
    page.get_by_label("Captions", exact=True).select_option(label="English")
    page.keyboard.press("Escape")
    page.locator("body").press("ArrowDown")
    wait_until(page, AT_LEAST, 4)
    with page.expect_response(
        lambda r: "/api/progress/videos/" in r.url and r.request.method == "PUT"
    ):
        page.locator("body").press("k")
    saved = page.evaluate(TIME)

    # Reload: it resumes there and says so, with a way to start over.
    page.reload()
    wait_ready_page(page)
    notice = page.get_by_test_id("resume-notice")
    notice.wait_for()
    assert re.fullmatch(r"Resumed at 0:0\d", notice.locator("span").inner_text()), (
        notice.inner_text()
    )
    assert abs(page.evaluate(TIME) - saved) < 2.5
    assert page.evaluate(f"() => {VIDEO}.playbackRate") == 1.5  # remembered
    assert page.evaluate(f"() => {VIDEO}.textTracks[0].mode") == "showing"
    assert abs(page.evaluate(f"() => {VIDEO}.volume") - 0.95) < 0.01
    page.locator("body").press("k")  # paused: the control bar shows in the screenshots
    shots(page, "player")
    page.locator("body").press("k")
    notice.get_by_role("button", name="Start over").click()
    wait_until(page, f"() => {VIDEO}.currentTime < 2")
    notice.wait_for(state="detached")
    audit(page, "player")

    # The end: the next video's countdown, cancellable.
    page.evaluate(f"() => {{ {VIDEO}.currentTime = {VIDEO}.duration - 0.5; }}")
    countdown = page.get_by_test_id("next-countdown")
    countdown.wait_for()
    assert "Lesson two" in countdown.inner_text()
    countdown.get_by_role("button", name="Cancel").click()
    countdown.wait_for(state="detached")
    page.wait_for_timeout(1500)
    assert f"id={first['id']}" in page.url
    # ... and when left alone, it opens the next video, which plays with the same settings.
    page.evaluate(f"() => {{ {VIDEO}.currentTime = {VIDEO}.duration - 0.5; {VIDEO}.play(); }}")
    page.wait_for_url(re.compile(rf"id={second['id']}"), timeout=20000)
    wait_ready_page(page)
    wait_until(page, AT_LEAST, 0.3)
    assert page.evaluate(f"() => {VIDEO}.playbackRate") == 1.5
    wait_until(page, f"() => {VIDEO}.ended", timeout_s=20)
    page.wait_for_timeout(500)  # the last heartbeat

    # Watched ticks in the course's list: the short lesson was watched to the end.
    page.reload()
    wait_ready_page(page)
    item = page.locator("#course-videos li").filter(has_text="Lesson two")
    item.get_by_test_id("watched").wait_for()
    assert (
        page.locator("#course-videos li")
        .filter(has_text="Lesson one")
        .get_by_test_id("watched")
        .count()
        == 0
    )


def shots(page, name: str) -> None:
    """Screenshots of the watch page at 1366x768 and 390x844 in test-artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate(
            "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}x{height}.png"))
    page.set_viewport_size(before)


ENGLISH_LABELS = {
    "Play",
    "Pause",
    "Mute",
    "Unmute",
    "Volume",
    "Seek",
    "Settings",
    "Theatre mode",
    "Full screen",
    "Keyboard shortcuts",
    "Subtitles/closed captions",
}


def test_player_reads_spanish_with_the_spanish_locale(new_page, lessons):
    page = new_page()
    open_watch(page, lessons["student"], lessons["first"]["id"])
    page.evaluate("() => localStorage.setItem('dread.lang', 'es')")
    page.reload()
    wait_ready_page(page)
    assert page.evaluate("() => document.documentElement.lang") == "es"
    controls = page.get_by_role("group", name="Controles del vídeo")
    controls.get_by_role("slider", name="Posición del vídeo").wait_for()
    controls.get_by_role("slider", name="Volumen").wait_for()
    for name in ("Silenciar", "Subtítulos/CC", "Configuración", "Modo cine", "Pantalla completa"):
        controls.get_by_role("button", name=name, exact=True).wait_for()
    page.locator("body").press("k")
    wait_until(page, f"() => {VIDEO}.paused")
    controls.get_by_role("button", name="Reproducir", exact=True).wait_for()
    labels = page.evaluate(
        "() => [...document.querySelectorAll('#player-box [aria-label]')]"
        ".map((node) => node.getAttribute('aria-label'))"
    )
    assert not ENGLISH_LABELS & set(labels), labels
    # the settings menu: quality "Automática (…p)", speed "Normal", captions off
    controls.get_by_role("button", name="Configuración").click()
    wait_until(
        page,
        "() => /^Automática( \\(\\d+p\\))?$/.test("
        "document.querySelector('#quality option').textContent)",
    )
    page.get_by_label("Velocidad").wait_for()
    assert "Normal" in page.locator("#speed option").all_inner_texts()
    captions = page.get_by_label("Subtítulos", exact=True).locator("option").all_inner_texts()
    assert captions[0] == "Desactivados", captions
    page.keyboard.press("Escape")
    # the shortcuts help
    page.locator("body").press("?")
    help_box = page.get_by_role("dialog", name="Atajos de teclado")
    help_box.wait_for()
    assert help_box.get_by_text("Retroceder 10 segundos").is_visible()
    page.keyboard.press("Escape")
    help_box.wait_for(state="hidden")
    assert page.get_by_role("heading", name="En este curso").is_visible()
    audit(page, "player-es")
