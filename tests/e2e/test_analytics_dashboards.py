"""An instructor opens the course and video analytics after three learners watched: the funnel,
the videos table, the roster (search, CSV), the retention curve, its words and its table, and a
click on the curve opening the player at that second; empty states before anyone watched."""

from __future__ import annotations

import re
import time
from pathlib import Path

from tests.e2e.e2e_support import (
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
from tests.e2e.test_instructor_journey import login


def _beat(site, course_id, video_id, account, spans):
    api(
        site,
        "PUT",
        f"/api/progress/videos/{video_id}",
        account,
        json={
            "course_id": course_id,
            "position_s": spans[-1][1] if spans else 0,
            "duration_s": 40,
            "watched": [list(s) for s in spans],
        },
    )


def test_analytics_dashboards(new_page, site, tmp_path):
    teacher = new_account(site, role="instructor", display_name="Ana Lytics")
    course = create_course(site, teacher, title=unique("Analytics course"))
    video = upload_video(
        site,
        teacher,
        course["id"],
        make_video(tmp_path / "lesson.mp4", seconds=40),
        title="Lesson one",
    )
    video = wait_ready(site, teacher, video["id"])
    page = new_page()
    login(page, teacher)

    # Before anyone watched: empty states that say what will appear.
    page.goto(f"/video-analytics.html?id={video['id']}")
    wait_ready_page(page)
    page.get_by_text("Nobody has watched this video yet").wait_for()
    page.goto(f"/course-analytics.html?id={course['id']}")
    wait_ready_page(page)
    page.get_by_text("No learner has watched anything yet").wait_for()

    learners = [
        new_account(site, display_name=name) for name in ("Lea One", "Max Two", "Kim Three")
    ]
    for learner in learners:
        api(site, "PUT", f"/api/courses/{course['id']}/enrollment", learner)
        _beat(site, course["id"], video["id"], learner, [])
    time.sleep(2.5)  # heartbeat credit is bounded by wall-clock time
    _beat(site, course["id"], video["id"], learners[0], [(0, 10)])
    _beat(site, course["id"], video["id"], learners[1], [(0, 10)])
    _beat(site, course["id"], video["id"], learners[2], [(0, 5)])
    _beat(site, course["id"], video["id"], learners[0], [(2, 8)])  # re-watch

    page.goto(f"/course-analytics.html?id={course['id']}")
    wait_ready_page(page)
    page.locator("#roster-table tbody tr").nth(2).wait_for()
    assert page.locator("#funnel").inner_text().count("3") >= 2
    assert "Lesson one" in page.locator("#videos-table").inner_text()
    page.get_by_label("Search learners").fill("max")
    assert page.locator("#roster-table tbody tr:not([hidden])").count() == 1
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    csv_text = Path(download.value.path()).read_text(encoding="utf-8")
    assert csv_text.splitlines()[0].startswith("user_id,display_name") and "Max Two" in csv_text
    page.get_by_label("Search learners").fill("")
    audit(page, "analytics-course")

    page.get_by_role("link", name="Lesson one").click()
    page.wait_for_url(re.compile(r"/video-analytics\.html"))
    wait_ready_page(page)
    page.locator("#retention-chart canvas").first.wait_for()
    words = page.locator("#retention-words").inner_text()
    assert "re-watched" in words and "stopped around" in words
    rows = page.locator("#retention-table tbody tr")
    assert rows.count() == 4 and rows.first.locator("td").nth(2).text_content() == "3"
    audit(page, "analytics-video")

    # A click on the curve opens the player at that second.
    box = page.locator("#retention-chart .u-over").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.wait_for_url(re.compile(r"/watch\.html\?id=.*&t=\d+"))
    assert wait_until(
        page, "() => document.querySelector('#player')?.currentTime > 0", timeout_s=30
    )
