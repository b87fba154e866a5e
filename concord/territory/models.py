from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from concord.common.translated import TranslatedName, names_field


class Territory(TranslatedName, models.Model):
    """An administrative unit: country (level 0) → region → district or city → municipality or unit.

    `path` holds the codes from the country down ("AZ/AZ-R01/AZ-BIN/"), so "everything inside a unit" is one
    indexed prefix match instead of a recursive query.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(_("level"))
    country_code = models.CharField(_("country"), max_length=2, db_index=True)
    name_en = models.CharField(_("name in English"), max_length=200)
    names = names_field()
    path = models.CharField(max_length=255, db_index=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["path"]
        constraints = [models.CheckConstraint(condition=models.Q(level__lte=3), name="territory_level_at_most_3")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.path = self.compute_path()
        if not self.country_code:
            self.country_code = self.code[:2].lower()
        super().save(*args, **kwargs)

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent is not None else ""
        return f"{prefix}{self.code}/"
