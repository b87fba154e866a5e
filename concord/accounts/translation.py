from modeltranslation.translator import TranslationOptions, register

from concord.accounts.models import Agency, AgencyKind


@register(AgencyKind)
class AgencyKindTranslation(TranslationOptions):
    fields = ("name",)


@register(Agency)
class AgencyTranslation(TranslationOptions):
    fields = ("name",)
