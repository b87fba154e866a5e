from __future__ import annotations

import factory

from concord.accounts.choices import Role
from concord.accounts.models import Agency, AgencyKind, Membership, User
from concord.territory.models import Territory

TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - tests only


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TT-{n:04d}")
    level = factory.LazyAttribute(lambda o: o.parent.level + 1 if o.parent else 0)
    country_code = "tt"
    name_en = factory.Sequence(lambda n: f"Unit {n}")
    names = factory.LazyAttribute(lambda o: {language: f"{o.name_en} ({language})" for language in ("az", "ru", "sq")})
    parent = None


class AgencyKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyKind
        django_get_or_create = ("country_code", "code")

    country_code = "tt"
    code = "police"
    name_en = factory.LazyAttribute(lambda o: o.code.replace("_", " ").title())


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"TT-AG-{n:04d}")
    kind = factory.SubFactory(AgencyKindFactory)
    territory = factory.SubFactory(TerritoryFactory)
    name_en = factory.Sequence(lambda n: f"Agency {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Staff Member {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.CASEWORKER
