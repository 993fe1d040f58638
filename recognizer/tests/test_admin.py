import pytest
from django.urls import reverse
from django.utils import timezone

from recognizer.models import Drawing
from recognizer.tests.factories import make_drawing, make_version

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/recognizer/drawing/"


def listed_ids(response) -> list[int]:
    return [d.pk for d in response.context["cl"].result_list]


def test_admin_pages_give_non_staff_nothing(client, django_user_model, version):
    drawing = make_drawing(version)
    urls = [
        CHANGELIST,
        f"{CHANGELIST}{drawing.pk}/change/",
        f"{CHANGELIST}review/",
        f"{CHANGELIST}{drawing.pk}/image/",
        f"/admin/recognizer/modelversion/{version.pk}/quality/",
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("visitor", password="pw"))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.post(f"{CHANGELIST}review/", {"drawing": drawing.pk, "decision": "3"}).status_code == 302
    drawing.refresh_from_db()
    assert drawing.label is None


def test_staff_without_drawing_permissions_are_refused(client, staff_user, version):
    drawing = make_drawing(version)
    client.force_login(staff_user)  # staff, but no model permissions
    assert client.get(f"{CHANGELIST}review/").status_code == 403
    assert client.get(f"{CHANGELIST}{drawing.pk}/image/").status_code == 403
    assert client.post(f"{CHANGELIST}review/", {"drawing": drawing.pk, "decision": "3"}).status_code == 403


def test_list_puts_unreviewed_least_confident_first(staff, version):
    reviewed = make_drawing(version, confidence=0.3, status=Drawing.Status.CONFIRMED, label=7, label_source="staff")
    sure = make_drawing(version, confidence=0.99)
    unsure = make_drawing(version, confidence=0.4)
    middle = make_drawing(version, confidence=0.7)
    assert listed_ids(staff.get(CHANGELIST)) == [unsure.pk, middle.pk, sure.pk, reviewed.pk]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"predicted": "3"}, {"three"}),
        ({"label": "5"}, {"labelled_wrong"}),
        ({"label": "none"}, {"three", "sure", "unsure", "old"}),
        ({"status": "corrected"}, {"labelled_wrong"}),
        ({"confidence": "lt50"}, {"unsure"}),
        ({"confidence": "ge95"}, {"sure"}),
        ({"confidence": "70-90"}, {"three", "old"}),
        ({"disagrees": "yes"}, {"labelled_wrong"}),
        ({"disagrees": "no"}, {"labelled_right"}),
        ({"source__exact": "legacy"}, {"old"}),
    ],
)
def test_list_filters_select_exactly_the_matching_drawings(staff, version, query, expected):
    rows = {
        "three": make_drawing(version, digit=3, confidence=0.8),
        "sure": make_drawing(version, confidence=0.995),
        "unsure": make_drawing(version, confidence=0.45),
        "labelled_wrong": make_drawing(version, confidence=0.6, label=5, label_source="staff", status="corrected"),
        "labelled_right": make_drawing(version, confidence=0.6, label=7, label_source="drawer"),
        "old": make_drawing(version, confidence=0.75, source="legacy"),
    }
    names = {rows[name].pk: name for name in rows}
    assert {names[pk] for pk in listed_ids(staff.get(CHANGELIST, query))} == expected


def test_list_filters_by_model_version_and_date(staff, version):
    other = make_version("other")
    mine = make_drawing(version)
    theirs = make_drawing(other)
    old = make_drawing(version, created_at=timezone.now() - timezone.timedelta(days=40))
    assert listed_ids(staff.get(CHANGELIST, {"model_version__id__exact": other.pk})) == [theirs.pk]
    week = {"created_at__gte": (timezone.now() - timezone.timedelta(days=7)).isoformat()}
    assert set(listed_ids(staff.get(CHANGELIST, week))) == {mine.pk, theirs.pk}
    assert old.pk not in listed_ids(staff.get(CHANGELIST, week))


def test_search_finds_a_drawing_by_id(staff, version):
    wanted = make_drawing(version)
    make_drawing(version)
    assert listed_ids(staff.get(CHANGELIST, {"q": str(wanted.pk)})) == [wanted.pk]
    assert staff.get(CHANGELIST, {"q": "not-a-number"}).status_code == 200


def _action(staff, name, drawings):
    return staff.post(CHANGELIST, {"action": name, "_selected_action": [d.pk for d in drawings]})


def test_bulk_actions_confirm_label_and_reject_with_reviewer_and_time(staff, staff_user, version):
    a, b, c, d = (make_drawing(version, digit=digit) for digit in (7, 3, 7, 1))
    _action(staff, "confirm_predictions", [a, b])
    _action(staff, "label_as_3", [c, d])
    _action(staff, "reject_drawings", [d])
    for drawing in (a, b, c, d):
        drawing.refresh_from_db()
        assert drawing.reviewed_by == staff_user and drawing.reviewed_at is not None
    assert (a.label, a.status, a.label_source) == (7, "confirmed", "staff")
    assert (b.label, b.status) == (3, "confirmed")
    assert (c.label, c.status) == (3, "corrected")
    assert (d.label, d.status, d.label_source) == (None, "rejected", "")


def test_actions_need_a_csrf_token(client, staff_user, version):
    staff_user.is_superuser = True
    staff_user.save()
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff_user)
    drawing = make_drawing(version)
    response = strict.post(CHANGELIST, {"action": "reject_drawings", "_selected_action": [drawing.pk]})
    assert response.status_code == 403
    drawing.refresh_from_db()
    assert drawing.status == "unreviewed"


def test_detail_shows_image_chart_and_strokes_and_edits_only_label_and_status(staff, staff_user, version):
    drawing = make_drawing(version, digit=7, strokes=[[[10, 10, 0], [50, 60, 5]]])
    url = f"{CHANGELIST}{drawing.pk}/change/"
    page = staff.get(url).content.decode()
    assert reverse("admin:recognizer_drawing_image", args=[drawing.pk]) in page
    assert "<polyline" in page and page.count("font-family:monospace") == 10  # ten probability bars
    assert set(staff.get(url).context["adminform"].form.fields) == {"label", "status"}
    staff.post(url, {"label": "4", "status": "unreviewed"})
    drawing.refresh_from_db()
    assert (drawing.label, drawing.status, drawing.label_source, drawing.reviewed_by) == (
        4,
        "corrected",
        "staff",
        staff_user,
    )


def test_image_view_streams_the_stored_drawing(staff, version):
    drawing = make_drawing(version)
    response = staff.get(f"{CHANGELIST}{drawing.pk}/image/")
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == drawing.image.open("rb").read()


def test_list_query_count_does_not_grow_with_rows(staff, version, django_assert_max_num_queries):
    for _ in range(5):
        make_drawing(version)
    with django_assert_max_num_queries(50) as few:
        staff.get(CHANGELIST)
    for _ in range(45):
        make_drawing(version)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff.get(CHANGELIST)
    assert len(listed_ids(response)) == 50


def test_the_largest_strokes_the_api_accepts_make_a_small_fast_detail_page(staff, version, api):
    """20,000 points at 1e300 made a 12 MB page that took 2.5 s; the API now takes ±100,000 at
    most, and this is the largest page it can lead to."""
    import time

    from recognizer.api.serializers import MAX_COORDINATE, MAX_POINTS

    strokes = [[[MAX_COORDINATE - 0.1, -MAX_COORDINATE + 0.1, 10**12, 1.0]] * 100] * (MAX_POINTS // 100)
    drawing = make_drawing(version, strokes=strokes)
    started = time.monotonic()
    response = staff.get(f"{CHANGELIST}{drawing.pk}/change/")
    assert response.status_code == 200 and b"<polyline" in response.content
    assert len(response.content) < 200_000 and time.monotonic() - started < 2.0
