"""Messages allauth's forms show without going through the adapter.

They are listed here so that makemessages puts them in Concord's own catalogues (allauth ships no Albanian);
Django looks in LOCALE_PATHS before app catalogues, so our translations win in every language.
"""

from django.utils.translation import gettext_noop

ALLAUTH_FORM_MESSAGES = [
    gettext_noop("You must type the same password each time."),
    gettext_noop("Code"),
    gettext_noop("Authenticator code"),
]
