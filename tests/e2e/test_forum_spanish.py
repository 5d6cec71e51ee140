"""The forum and notifications in Spanish: a student who chose Spanish reads the thread page,
the course's forum tab and the notifications page in it (axe clean in that language)."""

from __future__ import annotations

from tests.e2e.e2e_support import api, audit, create_course, new_account, unique, wait_ready_page
from tests.e2e.test_forum_moderation import login


def in_spanish(page) -> None:
    """Choose Spanish as the language switcher does (a stored choice), and reload."""
    page.evaluate("() => localStorage.setItem('dread.lang', 'es')")
    page.reload()
    wait_ready_page(page)
    assert page.evaluate("() => document.documentElement.lang") == "es"


def test_forum_thread_list_and_notifications_read_spanish(new_page, site):
    teacher = new_account(site, role="instructor", display_name="Tina Docente")
    student = new_account(site, display_name="Luis Alumno")
    course = create_course(site, teacher, title=unique("Curso de foro"))
    api(site, "PUT", f"/api/courses/{course['id']}/enrollment", student)
    question = {"title": "¿Cuándo es el examen?", "body": "Pregunto por **un amigo**."}
    thread = api(site, "POST", f"/api/forum/courses/{course['id']}/threads", student,
                 json=question)["thread"]  # fmt: skip
    api(site, "POST", f"/api/forum/threads/{thread['id']}/replies", teacher,
        json={"body": "El *lunes*."})  # fmt: skip

    # The thread page: static text (template) and drawn text (JS) both in Spanish.
    page = new_page()
    login(page, student, f"/forum-thread.html?id={thread['id']}")
    in_spanish(page)
    page.get_by_role("heading", level=2, name="Respuestas").wait_for()
    reply = page.locator("#reply-list li").first
    reply.locator("em", has_text="lunes").wait_for()
    assert "Docente" in reply.inner_text()  # the instructor's role badge
    reply.get_by_role(
        "button", name="Votar a favor de la respuesta de Tina Docente, 0 votos"
    ).click()
    reply.get_by_role(
        "button", name="Votar a favor de la respuesta de Tina Docente, 1 voto"
    ).wait_for()
    reply.get_by_role("button", name="Marcar como respuesta: la respuesta de Tina Docente").click()
    page.locator("#thread-answer").get_by_role("heading", name="Respuesta aceptada").wait_for()
    assert page.get_by_test_id("follow-thread").inner_text() == "Siguiendo"
    form = page.locator("#reply-form")
    form.get_by_label("Tu respuesta").fill("¡**Gracias**!")
    form.get_by_role("tab", name="Vista previa").click()
    form.get_by_role("tabpanel").locator("strong", has_text="Gracias").wait_for()
    assert form.get_by_role("button", name="Publicar respuesta").is_visible()
    assert "Markdown: **negrita**" in form.inner_text()
    audit(page, "forum-thread-es")

    # The course's forum tab: the list, its badges, counts and filter.
    page.goto(f"/course.html?id={course['id']}&tab=forum")
    wait_ready_page(page)
    item = page.locator("#thread-list li", has_text="¿Cuándo es el examen?")
    item.get_by_text("Respondido", exact=True).wait_for()
    assert "0 votos · 1 respuesta · última actividad" in item.inner_text()
    assert page.get_by_role("button", name="Nuevo hilo").is_visible()
    assert page.get_by_role("group", name="Mostrar hilos").is_visible()
    assert page.get_by_test_id("follow-course").inner_text() == "Seguir"
    audit(page, "forum-list-es")

    # Notifications: the teacher's reply reached the thread's author.
    page.goto("/notifications.html")
    wait_ready_page(page)
    for _ in range(15):  # the fan-out takes a moment on a loaded machine
        if page.get_by_test_id("notification").count():
            break
        page.wait_for_timeout(2000)
        page.reload()
        wait_ready_page(page)
    page.get_by_role("heading", level=1, name="Notificaciones").wait_for()
    assert page.title() == "Notificaciones · DREAD"
    assert page.get_by_role("button", name="Marcar todas como leídas").is_visible()
    note = page.get_by_test_id("notification").first
    assert "Tina Docente respondió en «¿Cuándo es el examen?»" in note.inner_text()
    assert (
        page.get_by_test_id("notifications-link")
        .get_attribute("aria-label")
        .startswith("Notificaciones")
    )
    audit(page, "notifications-es")
