"""Which interface languages a country's users are offered, and which they see first: the pack's `languages` that
the deployment has (settings.LANGUAGES: its catalogues), and its `default_language`."""

from __future__ import annotations

from django.conf import settings

from concord.countries.profiles import country_profiles


def offered_languages(country_code: str | None) -> list[tuple[str, str]]:
    """(code, name) in the deployment's order. Everything the deployment has for a user without a country pack,
    or whose pack lists none of its languages."""
    profile = country_profiles().get(country_code) if country_code else None
    if profile is not None:
        offered = [(code, name) for code, name in settings.LANGUAGES if code in profile.languages]
        if offered:
            return offered
    return list(settings.LANGUAGES)


def first_language(country_code: str | None) -> str | None:
    """What a user of the country sees until they choose: the pack's default language where the deployment has it,
    else the first of the pack's languages it has; None without a pack."""
    profile = country_profiles().get(country_code) if country_code else None
    if profile is None:
        return None
    offered = {code for code, _name in offered_languages(country_code)}
    for code in (profile.default_language, *profile.languages):
        if code in offered:
            return code
    return None
