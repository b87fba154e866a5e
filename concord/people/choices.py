from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not known")


class Disability(models.TextChoices):
    NONE = "none", _("No disability")
    PHYSICAL = "physical", _("Physical")
    SENSORY = "sensory", _("Sensory")
    INTELLECTUAL = "intellectual", _("Intellectual")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    MULTIPLE = "multiple", _("Multiple")
    UNKNOWN = "unknown", _("Not known")


class Citizenship(models.TextChoices):
    NATIONAL = "national", _("Citizen")
    FOREIGN = "foreign", _("Foreign citizen")
    STATELESS = "stateless", _("Stateless")
    UNKNOWN = "unknown", _("Not known")
