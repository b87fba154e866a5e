from django import forms

from concord.common.forms import TranslatedNamesFormMixin
from concord.territory.models import Territory


class TerritoryForm(TranslatedNamesFormMixin, forms.ModelForm):
    class Meta:
        model = Territory
        fields = ["name_en", "is_active"]
