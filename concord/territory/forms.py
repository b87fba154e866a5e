from django import forms

from concord.territory.models import Territory


class TerritoryForm(forms.ModelForm):
    class Meta:
        model = Territory
        fields = ["name_en", "name_az", "name_ru", "name_sq", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for language in ("en", "az", "ru", "sq"):
            self.fields[f"name_{language}"].required = True
