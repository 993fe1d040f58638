"""Drawings people submit, and the model versions that read them."""

import base64
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.lookups import Exact
from django.utils import timezone

from recognizer.db import JSONArrayLength


def _dated_random_name(folder: str, filename: str) -> str:
    """`folder/YYYY/MM/DD/<random>.<the file's extension>`: a fresh name per upload, so two never collide."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"{folder}/{timezone.now():%Y/%m/%d}/{uuid.uuid4().hex}.{extension}"


# Migrations name these functions, so each stays a module-level function.
def drawing_upload_to(instance: "Drawing", filename: str) -> str:
    return _dated_random_name("drawings", filename)


def checkpoint_upload_to(instance: "ModelVersion", filename: str) -> str:
    return f"models/{instance.sha256[:16]}-{uuid.uuid4().hex[:8]}.pt"


class ModelVersion(models.Model):
    name = models.CharField(max_length=100, unique=True)
    checkpoint = models.FileField(upload_to=checkpoint_upload_to, max_length=255)
    sha256 = models.CharField("checkpoint SHA-256", max_length=64, unique=True)
    metrics = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=False)
    # A pipeline check (`--dry-run`: a few batches, 500 MNIST images): never to be served.
    is_dry_run = models.BooleanField(default=False, help_text="Trained as a dry run: a pipeline check only.")
    activated_at = models.DateTimeField(null=True, blank=True, help_text="Last time it became active.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="one_active_model_version"),
            models.CheckConstraint(condition=Q(is_active=False) | Q(is_dry_run=False), name="dry_run_never_active"),
        ]

    def __str__(self) -> str:
        return f"{self.name}{' (dry run)' if self.is_dry_run else ''}{' (active)' if self.is_active else ''}"


class Activation(models.Model):
    """The audit trail: every activation and rollback, who did it, from which version to which, and why."""

    class Kind(models.TextChoices):
        ACTIVATE = "activate"
        ROLLBACK = "rollback", "roll back"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_version = models.ForeignKey(ModelVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_version = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="activations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    # Activated although it scored lower than the version it replaced on held-out drawings.
    worse_on_held_out = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        source = self.from_version.name if self.from_version else "none"
        return f"{self.get_kind_display()} {source} → {self.to_version.name}"


class Drawing(models.Model):
    class Source(models.TextChoices):
        WEB = "web", "web page"
        API = "api", "API client"
        LEGACY = "legacy", "legacy endpoint"

    class Status(models.TextChoices):
        UNREVIEWED = "unreviewed"
        CONFIRMED = "confirmed", "confirmed (prediction was right)"
        CORRECTED = "corrected", "corrected (prediction was wrong)"
        REJECTED = "rejected", "rejected (not a digit)"

    class LabelSource(models.TextChoices):
        NONE = "", "no label"
        DRAWER = "drawer", "drawer's suggestion"
        STAFF = "staff", "staff review"

    image = models.FileField(upload_to=drawing_upload_to, max_length=255)
    preview_png = models.BinaryField(help_text="The 28×28 input the network saw, as PNG.")
    # SHA-256 of the network input's 784 grey levels (recognizer/reading/content.py): identical
    # images share it, so it decides the train/test split and finds resubmissions.
    input_sha256 = models.CharField("network input SHA-256", max_length=64, blank=True, default="")
    strokes = models.JSONField(null=True, blank=True, help_text="Client strokes: lists of [x, y, ...] points.")
    predicted_digit = models.PositiveSmallIntegerField()
    probabilities = models.JSONField(help_text="Ten softmax probabilities, digit 0 first.")
    confidence = models.FloatField(help_text="The top probability.")
    not_a_digit = models.BooleanField(default=False, help_text="The model found no digit in the drawing.")
    model_version = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="drawings")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.API)
    # The random key in the drawer's signed owner cookie (recognizer/reading/visitors.py): it
    # ties drawings to a browser without storing any address.
    owner_key = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    label = models.PositiveSmallIntegerField(null=True, blank=True)
    label_source = models.CharField(max_length=10, choices=LabelSource.choices, blank=True, default="")
    # The drawer's answer "this is not a digit" (a suggestion, like a drawer's label; staff
    # confirm it by rejecting the drawing).
    drawer_not_a_digit = models.BooleanField(default=False, help_text="The drawer said it is not a digit.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNREVIEWED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # A digit found in a written number: which one, where in it (0 = leftmost), and its box
    # in the number's image ({"left", "top", "right", "bottom"} in pixels).
    number = models.ForeignKey(
        "NumberSubmission", null=True, blank=True, on_delete=models.CASCADE, related_name="digits"
    )
    position = models.PositiveSmallIntegerField(null=True, blank=True)
    box = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(predicted_digit__lte=9), name="predicted_digit_0_to_9"),
            models.CheckConstraint(
                condition=Q(number__isnull=True, position__isnull=True)
                | Q(number__isnull=False, position__isnull=False),
                name="number_digits_have_a_position",
            ),
            models.UniqueConstraint(fields=["number", "position"], name="one_digit_per_position"),
            models.CheckConstraint(condition=Q(label__isnull=True) | Q(label__lte=9), name="label_0_to_9"),
            models.CheckConstraint(condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="confidence_0_to_1"),
            models.CheckConstraint(condition=Exact(JSONArrayLength("probabilities"), 10), name="ten_probabilities"),
            models.CheckConstraint(
                condition=Q(label__isnull=True, label_source="") | Q(label__isnull=False) & ~Q(label_source=""),
                name="label_has_source",
            ),
            models.CheckConstraint(
                condition=Q(drawer_not_a_digit=False) | Q(label__isnull=True), name="drawer_not_a_digit_has_no_label"
            ),
        ]
        indexes = [
            # The admin's default order (what needs review first) and the review queue.
            models.Index(fields=["-status", "confidence", "id"], name="drawing_review_queue"),
            models.Index(fields=["owner_key", "-created_at", "-id"], name="drawing_owner_recent"),
            models.Index(fields=["predicted_digit", "-created_at"], name="drawing_predicted_recent"),
            models.Index(fields=["label", "-created_at"], name="drawing_label_recent"),
            # A resubmission: the same input from the same browser, a moment ago.
            models.Index(fields=["owner_key", "input_sha256", "-created_at"], name="drawing_owner_input"),
        ]

    def __str__(self) -> str:
        return f"Drawing {self.pk}: predicted {self.predicted_digit} ({self.confidence:.0%})"

    @property
    def preview_data_url(self) -> str:
        """The 28×28 network input as a PNG data URL, for pages and API answers."""
        return "data:image/png;base64," + base64.b64encode(bytes(self.preview_png)).decode()


def number_upload_to(instance: "NumberSubmission", filename: str) -> str:
    return _dated_random_name("numbers", filename)


class NumberSubmission(models.Model):
    """A written number (a postcode, an amount): the whole image, and its digits as Drawings
    (`digits`), which the admin, exports and retraining treat like any other drawing."""

    image = models.FileField(upload_to=number_upload_to, max_length=255)
    strokes = models.JSONField(null=True, blank=True)
    text = models.CharField(max_length=32, help_text="The digits read, left to right.")
    confidence = models.FloatField(help_text="The chance every digit is right: the product of theirs.")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    model_version = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="numbers")
    # The digit network is a ModelVersion; the piece classifier that decided where to cut is
    # shipped with the code (ml/weights/pieces.pt), so its content hash is kept instead.
    piece_classifier_hash = models.CharField(
        max_length=64, blank=True, default="", help_text="Content hash of the piece classifier that cut the number."
    )
    source = models.CharField(max_length=10, choices=Drawing.Source.choices, default=Drawing.Source.API)
    owner_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="number_confidence_0_to_1"
            ),
        ]
        indexes = [models.Index(fields=["owner_key", "-created_at", "-id"], name="number_owner_recent")]

    def __str__(self) -> str:
        return f"number {self.pk}: {self.text}"


class TrainingRun(models.Model):
    """A retraining job: its settings, progress, and the version it produced."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0, help_text="Share of epochs done, 0 to 1.")
    params = models.JSONField(default=dict, help_text="epochs, from_scratch, include_drawer_labels, dry_run")
    message = models.TextField(blank=True)
    metrics = models.JSONField(default=dict, blank=True)
    base_version = models.ForeignKey(
        ModelVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The version fine-tuned from (none when trained from scratch).",
    )
    version = models.ForeignKey(
        ModelVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="training_runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # The worker touches this at the start and after every epoch: a running run whose heartbeat
    # stops has lost its worker (`manage.py fail_stalled_runs` marks it failed).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0) & Q(progress__lte=1), name="progress_0_to_1")
        ]

    def __str__(self) -> str:
        return f"Training run {self.pk} ({self.status})"
