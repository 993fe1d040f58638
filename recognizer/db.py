"""Portable SQL the model constraints need and Django does not ship."""

from django.db.models import Func, IntegerField


class JSONArrayLength(Func):
    """Length of a JSON array column, in SQLite and PostgreSQL alike."""

    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra_context)
