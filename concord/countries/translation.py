from modeltranslation.translator import TranslationOptions, register

from concord.countries.models import Country, Holiday


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(Holiday)
class HolidayTranslation(TranslationOptions):
    fields = ("name",)
