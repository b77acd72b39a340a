from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from maillage.accounts.models import OrganisationMembership
from maillage.directory.models import Contact, MembershipStatus, Organisation
from maillage.matching.models import Need

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def providers(db: Any) -> list[Organisation]:
    orgs = []
    for i, name in enumerate(["Cyber Normandie", "Data Seine", "Web Cotentin", "Logi Caen"]):
        org = Organisation.objects.create(
            name=name, source="test", external_id=f"p{i}", membership=MembershipStatus.MEMBER
        )
        Contact.objects.create(
            organisation=org,
            first_name="Camille",
            last_name=f"N{i}",
            email=f"contact{i}@exemple.test",
        )
        orgs.append(org)
    user = get_user_model().objects.create_user("p0user", "p0user@exemple.test", "x" * 12)
    OrganisationMembership.objects.create(user=user, organisation=orgs[0])
    return orgs


@pytest.fixture
def need(db: Any) -> Need:
    return Need.objects.create(
        organisation_name="Métallerie d'Évreux",
        text="On veut de l'IA pour la maintenance prédictive",
        contact_name="Dominique Martin",
        contact_email="d.martin@exemple.test",
        consent_at=T0,
    )
