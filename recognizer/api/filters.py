"""Query filters for the recognition list and the exports."""

import datetime

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField

from recognizer.models import Drawing

DIGITS = [(d, str(d)) for d in range(10)]


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, passed on in UTC. It must exist there: `0001-01-01T00:00:00+01:00` is
    year 0 in UTC, and the database adapter's conversion overflowed into a 500 (mid-stream for
    exports). And in UTC it is a time every database takes: ISO 8601 allows offsets up to
    ±23:59, PostgreSQL only up to ±15:59, and refused `-23:23` as an error of the database."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return value
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError as exc:
            raise forms.ValidationError("This time is out of range in UTC (years 1 to 9999).") from exc


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


def query_flag(params, name: str) -> bool:
    """A boolean query parameter as OpenAPI writes one: `true` or `false`, once; absent is false.
    Anything else (`null`, `yes`, a repeat) is refused rather than guessed at."""
    values = params.getlist(name)
    if not values:
        return False
    if len(values) > 1 or values[0] not in ("true", "false"):
        raise forms.ValidationError({name: "Send true or false, once."})
    return values[0] == "true"


class DrawingFilter(django_filters.FilterSet):
    digit = django_filters.TypedChoiceFilter(
        field_name="predicted_digit", choices=DIGITS, coerce=int, help_text="Predicted digit 0–9."
    )
    label = django_filters.TypedChoiceFilter(choices=DIGITS, coerce=int, help_text="Label 0–9.")
    status = django_filters.ChoiceFilter(choices=Drawing.Status.choices)
    created_after = UtcDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Drawing
        fields = ["digit", "label", "status", "created_after", "created_before"]

    def is_valid(self) -> bool:
        """Also refuse `?created_before=` and the like: an empty value is no filter, and silently
        ignoring it would answer a different question than the one asked."""
        valid = super().is_valid()
        for name in self.filters:
            if name in self.data and self.data[name] == "":
                self.form.add_error(name, "An empty value filters nothing; leave the parameter out.")
                valid = False
        return valid
