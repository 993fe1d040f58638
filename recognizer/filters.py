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

    def is_valid(self) -> bool:
        """Also refuse `?created_before=` and the like: an empty value is no filter, and silently
        ignoring it would answer a different question than the one asked."""
        valid = super().is_valid()
        for name in self.filters:
            if name in self.data and self.data[name] == "":
                self.form.add_error(name, "An empty value filters nothing; leave the parameter out.")
                valid = False
        return valid
