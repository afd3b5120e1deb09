"""Published statistics, imported from open-data files (DfE "Explore education statistics").

The data are modelled generically, as the open-data files themselves are: one ``StatisticValue``
per area, time period, breakdown and indicator. A value that is missing or suppressed keeps the
publisher's symbol (``x``, ``c``, ``z``, ``low``...) and has no number, so a suppressed cell is
never mistaken for a zero.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from sendcpp.modelbase import CreatedAtModel, PublicRecord, append_only


class GeographicLevel(models.TextChoices):
    """The geographic levels the dashboard publishes, spelt as in the open-data files."""

    NATIONAL = "National", "National"
    REGIONAL = "Regional", "Regional"
    LOCAL_AUTHORITY = "Local authority", "Local authority"


class Area(models.Model):
    """A place statistics are published for: England, an English region or a local authority.

    ``code`` is the ONS code used by the publisher (E92000001 for England). A local authority
    also has its DfE 3-digit code (``la_code``), which stays the same when the ONS code changes
    (Buckinghamshire has published under two ONS codes), so an authority's trend joins on it.
    """

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=120)
    level = models.CharField(max_length=20, choices=GeographicLevel.choices)
    region = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="local_authorities"
    )
    la_code = models.CharField("DfE LA code", max_length=3, blank=True)
    last_reported_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The latest reporting year with figures for this area: an authority that has "
        "since merged or been split stops here.",
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["level", "name"]), models.Index(fields=["la_code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_local_authority(self) -> bool:
        return self.level == GeographicLevel.LOCAL_AUTHORITY


class Dataset(models.Model):
    """One published data file (for example the DfE "caseload" file of the "Education, health
    and care plans" publication) and the release of it that is loaded.

    A release is identified by its reporting year and publication date. Loading a file again
    replaces the data set's values; a release older than the one loaded is refused.
    """

    key = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    publication = models.CharField(max_length=200)
    reporting_year = models.PositiveSmallIntegerField()
    published_on = models.DateField()
    source_name = models.CharField(max_length=200, help_text="The file the values came from")
    source_sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(default=0)
    value_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.title} ({self.reporting_year} release)"

    @property
    def release(self) -> tuple[int, object]:
        return (self.reporting_year, self.published_on)


class StatisticValue(models.Model):
    """One published figure: a data set's indicator for an area, time period and breakdown.

    Exactly one of ``value`` and ``symbol`` is set: a number, or the publisher's symbol for a
    figure that is not available (``x``), not applicable (``z``), confidential (``c``), rounds
    to zero (``low``) and so on.
    """

    # No database foreign-key constraints: one service writes these rows, by COPY, a million at a
    # time, with the data set locked and every area saved first; per-row constraint triggers
    # would more than double a national import's time. Django still cascades deletes.
    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="values", db_constraint=False
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="values", db_constraint=False
    )
    time_period = models.CharField(
        max_length=6, help_text="As published: 2024 (calendar year) or 202425 (academic year)"
    )
    breakdown_topic = models.CharField(max_length=100)
    breakdown = models.CharField(max_length=150)
    indicator = models.CharField(max_length=80)
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    symbol = models.CharField(max_length=5, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(value__isnull=True) & ~Q(symbol=""))
                | (Q(value__isnull=False) & Q(symbol="")),
                name="statistic_value_xor_symbol",
            ),
        ]
        indexes = [
            # Every read is for an area (an area's page, its downloads, the API): a few
            # indicators of a few breakdowns, every period. One index keeps national imports
            # fast; a second (by indicator across areas) would add a third to their time.
            models.Index(
                fields=["area", "dataset", "breakdown_topic", "indicator"], name="statistic_area"
            ),
        ]

    def __str__(self) -> str:
        shown = self.symbol or str(self.value)
        return f"{self.indicator} {self.time_period} {self.area_id}: {shown}"


class SubmittedReturn(PublicRecord):
    """A SEN2 return as it was submitted to the DfE: its XML and its headline figures, frozen.
    The database refuses to change or delete it (one per local authority and census year)."""

    local_authority = models.ForeignKey(
        "sendcpp.Organisation", on_delete=models.PROTECT, related_name="sen2_returns"
    )
    year = models.PositiveSmallIntegerField()
    xml = models.TextField()
    figures = models.JSONField(default=dict)
    failure_count = models.PositiveIntegerField(default=0)
    submitted_by = models.ForeignKey(
        "sendcpp.User", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "year"], name="sen2_one_submitted_return_a_year"
            )
        ]
        triggers = [append_only("dashboard_sen2_return_append_only")]

    def __str__(self) -> str:
        return f"SEN2 {self.year}"


class Sen2Check(CreatedAtModel):
    """One run of the SEN2 checks: which problems it found (by case and item, nothing else), so
    the next run can say how many were put right since."""

    local_authority = models.ForeignKey(
        "sendcpp.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    failure_keys = models.JSONField(default=list)

    class Meta:
        indexes = [models.Index(fields=["local_authority", "year", "-created_at"])]
