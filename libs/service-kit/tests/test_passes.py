"""A worker's loop: passes run in turn, a failing one is logged and the loop goes on."""

import logging

from service_kit import passes


def test_a_failing_pass_is_logged_and_the_others_keep_running(monkeypatch, caplog):
    calls, sleeps = [], []
    monkeypatch.setattr(passes.time, "sleep", sleeps.append)

    def broken():
        calls.append("broken")
        raise ConnectionError("store down")

    def mail():
        calls.append("mail")
        return 0

    rounds = iter([False, False, True])
    with caplog.at_level(logging.ERROR):
        passes.run_passes(
            "test", [("broken", broken), ("mail", mail)], stop=lambda: next(rounds), idle_s=1.0
        )
    assert calls == ["broken", "mail", "broken", "mail"]
    assert sleeps == [1.0, 1.0]
    assert caplog.text.count("test worker: broken pass failed") == 2


def test_a_busy_pass_shortens_the_sleep(monkeypatch):
    sleeps = []
    monkeypatch.setattr(passes.time, "sleep", sleeps.append)
    answers = iter([3, 0])
    rounds = iter([False, False, True])
    passes.run_passes(
        "test",
        [("fanout", lambda: next(answers))],
        stop=lambda: next(rounds),
        idle_s=0.5,
        busy_s=0.0,
    )
    assert sleeps == [0.0, 0.5]
