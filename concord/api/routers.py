from __future__ import annotations

from rest_framework.routers import DefaultRouter


class Router(DefaultRouter):
    """Object ids are numbers: anything else in an id's place is no route at all (404), never a lookup."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if not hasattr(viewset, "lookup_value_regex"):
            viewset.lookup_value_regex = "[0-9]+"
        return super().get_lookup_regex(viewset, lookup_prefix)
