"""Query filters for the recognition list."""

import django_filters

from recognizer.models import Drawing

DIGITS = [(d, str(d)) for d in range(10)]


class DrawingFilter(django_filters.FilterSet):
    digit = django_filters.TypedChoiceFilter(
        field_name="predicted_digit", choices=DIGITS, coerce=int, help_text="Predicted digit 0–9."
    )
    label = django_filters.TypedChoiceFilter(choices=DIGITS, coerce=int, help_text="Label 0–9.")
    status = django_filters.ChoiceFilter(choices=Drawing.Status.choices)
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Drawing
        fields = ["digit", "label", "status", "created_after", "created_before"]
