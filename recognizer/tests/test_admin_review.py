"""The keyboard review page and the per-version quality page (server side; keys in e2e)."""

import pytest

from recognizer.models import Drawing
from recognizer.tests.factories import make_drawing, make_version

pytestmark = pytest.mark.django_db
REVIEW = "/admin/recognizer/drawing/review/"


def test_review_page_starts_with_the_least_confident_unreviewed_drawing(staff, version):
    make_drawing(version, confidence=0.9)
    least = make_drawing(version, confidence=0.35)
    make_drawing(version, confidence=0.2, status=Drawing.Status.REJECTED)
    page = staff.get(REVIEW)
    assert page.context["drawing"] == least
    assert page.context["remaining"] == 2
    assert page.context["previous"] is None and page.context["next"] is not None


def test_each_key_decision_records_the_review_and_moves_to_the_next(staff, staff_user, version):
    queue = [make_drawing(version, digit=7, confidence=c) for c in (0.3, 0.4, 0.5, 0.6)]
    decisions = ["3", "confirm", "reject"]
    for drawing, decision in zip(queue, decisions, strict=False):
        response = staff.post(REVIEW, {"drawing": drawing.pk, "decision": decision})
        assert response.status_code == 302
        position = queue.index(drawing) + 1
        assert response["Location"].endswith(f"?last={drawing.pk}&id={queue[position].pk}")
    statuses = [(d.label, d.status, d.reviewed_by) for d in Drawing.objects.order_by("confidence")]
    assert statuses == [
        (3, "corrected", staff_user),
        (7, "confirmed", staff_user),
        (None, "rejected", staff_user),
        (None, "unreviewed", None),
    ]
    assert staff.get(REVIEW).context["remaining"] == 1


def test_reviewing_the_last_drawing_says_the_queue_is_empty(staff, version):
    only = make_drawing(version)
    response = staff.post(REVIEW, {"drawing": only.pk, "decision": "7"}, follow=True)
    assert response.context["drawing"] is None
    assert b"Nothing left to review." in response.content
    assert response.context["last"] == only


def test_arrow_links_move_through_the_queue_in_order(staff, version):
    first, second, third = (make_drawing(version, confidence=c) for c in (0.1, 0.5, 0.9))
    middle = staff.get(REVIEW, {"id": second.pk})
    assert (middle.context["previous"], middle.context["next"]) == (first, third)
    assert f'id="next" href="?id={third.pk}"' in middle.content.decode()


@pytest.mark.parametrize(
    "payload",
    [
        {"drawing": "1", "decision": "11"},
        {"drawing": "x", "decision": "3"},
        {"decision": "confirm"},
        {"drawing": "1", "decision": "maybe"},
    ],
)
def test_review_rejects_malformed_decisions(staff, version, payload):
    make_drawing(version)
    assert staff.post(REVIEW, payload).status_code == 400
    assert not Drawing.objects.exclude(status="unreviewed").exists()


def test_quality_page_reports_accuracy_confusion_and_confident_mistakes(staff, version):
    other = make_version("other")
    for _ in range(3):
        make_drawing(version, digit=7, confidence=0.9, label=7, label_source="staff", status="confirmed")
    wrong = make_drawing(version, digit=7, confidence=0.97, label=1, label_source="staff", status="corrected")
    less_wrong = make_drawing(version, digit=4, confidence=0.6, label=9, label_source="staff", status="corrected")
    make_drawing(version, status="rejected")
    make_drawing(version)  # unreviewed: not counted
    make_drawing(other, digit=2, label=2, label_source="staff", status="confirmed")  # another version

    page = staff.get(f"/admin/recognizer/modelversion/{version.pk}/quality/")
    report = page.context["report"]
    assert (report.reviewed, report.rejected) == (5, 1)
    assert report.accuracy == pytest.approx(3 / 5)
    assert report.confusion[7][7] == 3 and report.confusion[7][1] == 1 and report.confusion[4][9] == 1
    assert sum(map(sum, report.confusion)) == 5
    assert report.confident_mistakes == [wrong, less_wrong]
    assert b'data-testid="accuracy">60.00% of 5<' in page.content  # every metric with its sample size


def test_quality_page_query_count_does_not_grow_with_drawings(staff, version, django_assert_max_num_queries):
    url = f"/admin/recognizer/modelversion/{version.pk}/quality/"
    for _ in range(3):
        make_drawing(version, digit=7, label=1, label_source="staff", status="corrected")
    with django_assert_max_num_queries(50) as few:
        staff.get(url)
    for _ in range(30):
        make_drawing(version, digit=7, label=1, label_source="staff", status="corrected")
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff.get(url)


def test_ensure_staff_user_creates_and_updates_from_the_environment(monkeypatch, django_user_model):
    from django.core.management import CommandError, call_command

    monkeypatch.setenv("DJANGO_STAFF_USERNAME", "boss")
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", "first")
    call_command("ensure_staff_user")
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", "second")
    call_command("ensure_staff_user")
    user = django_user_model.objects.get(username="boss")
    assert user.is_staff and user.is_superuser and user.check_password("second")
    monkeypatch.delenv("DJANGO_STAFF_PASSWORD")
    with pytest.raises(CommandError):
        call_command("ensure_staff_user")


def test_the_suggestions_queue_holds_only_drawers_answers_and_accepting_one_is_a_staff_review(
    staff, staff_user, version
):
    make_drawing(version, confidence=0.2)  # no suggestion: not in this queue
    said_one = make_drawing(version, digit=7, confidence=0.5, label=1, label_source="drawer")
    said_nothing = make_drawing(version, confidence=0.6, drawer_not_a_digit=True)
    make_drawing(version, confidence=0.3, label=4, label_source="staff", status="corrected")  # reviewed
    page = staff.get(REVIEW, {"queue": "suggestions"})
    assert page.context["drawing"] == said_one and page.context["remaining"] == 2
    html = page.content.decode()
    assert "The drawer says: <strong>1</strong>" in html and "Accept the drawer's 1 (A)" in html

    response = staff.post(f"{REVIEW}?queue=suggestions", {"drawing": said_one.pk, "decision": "1"})
    assert response["Location"].endswith(f"?queue=suggestions&last={said_one.pk}&id={said_nothing.pk}")
    said_one.refresh_from_db()
    assert (said_one.label, said_one.label_source, said_one.status, said_one.reviewed_by) == (
        1,
        "staff",
        "corrected",
        staff_user,
    )
    assert "Accept: not a digit (A)" in staff.get(REVIEW, {"queue": "suggestions"}).content.decode()


def test_the_list_says_whose_label_it_is_and_filters_by_it(staff, version):
    drawer = make_drawing(version, label=1, label_source="drawer")
    reviewed = make_drawing(version, label=1, label_source="staff", status="corrected")
    html = staff.get("/admin/recognizer/drawing/", {"label": "1"}).content.decode()
    assert 'title="the drawer\'s suggestion">drawer</span>' in html and 'title="a staff review">staff</span>' in html
    staff_only = staff.get("/admin/recognizer/drawing/", {"label": "1", "label_source__exact": "staff"})
    assert [d.pk for d in staff_only.context["cl"].result_list] == [reviewed.pk]
    drawers = staff.get("/admin/recognizer/drawing/", {"label_source__exact": "drawer"})
    assert [d.pk for d in drawers.context["cl"].result_list] == [drawer.pk]
