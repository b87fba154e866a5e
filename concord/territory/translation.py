from modeltranslation.translator import TranslationOptions, register

from concord.territory.models import Territory


@register(Territory)
class TerritoryTranslation(TranslationOptions):
    fields = ("name",)
