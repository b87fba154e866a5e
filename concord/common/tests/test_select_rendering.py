import re

from django import forms
from django.forms.renderers import DjangoTemplates

from concord.common.forms import ConcordFormRenderer


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "Ana & <Bob>"), ("b", 'Say "hi"')])
    grouped = forms.ChoiceField(choices=[("Region", [("1", "One"), ("2", "Two")]), ("3", "Three")], required=False)
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")])
    attributes = forms.ChoiceField(
        choices=[("1", "One")], widget=forms.Select(attrs={"class": "form-select", "data-x": "é", "disabled": True})
    )


def _normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_selects_are_written_as_the_templates_write_them():
    data = {"plain": "a", "grouped": "2", "several": ["x", "y"], "attributes": "1"}
    for name in Choices.base_fields:
        fast = Choices(data, renderer=ConcordFormRenderer())[name]
        slow = Choices(data, renderer=DjangoTemplates())[name]
        assert _normalised(fast.as_widget()) == _normalised(slow.as_widget()), name
    html = Choices(data, renderer=ConcordFormRenderer())["plain"].as_widget()
    assert "Ana &amp; &lt;Bob&gt;" in html and "Say &quot;hi&quot;" in html and 'value="a" selected' in html


def test_the_project_renders_forms_with_it(settings):
    from django.forms.renderers import get_default_renderer

    get_default_renderer.cache_clear()
    assert isinstance(get_default_renderer(), ConcordFormRenderer)
