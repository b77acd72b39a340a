"""Matchmaking forms: shape only (lengths, formats, choices). The rules a need must follow
(words, spam, SIRET key, duplicates) are in `need_submit`; its French refusals are shown inline."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms

from maillage.directory.forms import resolve_commune
from maillage.matching.models import IncidentType, NeedStatus
from maillage.opendata.models import Commune
from maillage.opendata.selectors import communes_by_postcode
from maillage_core.catalogue import DOMAINS
from maillage_core.intake import MAX_NEED_TEXT

CONSENT_TEXT = (
    "J'accepte que le réseau transmette ma demande et mes coordonnées à 2 ou 3 prestataires "
    "choisis pour y répondre, et me recontacte pour en suivre l'avancement. Ces données sont "
    "conservées le temps du suivi de la demande."
)
CONSENT_TEXT_STAFF = (
    "La personne a donné son accord, au téléphone ou sur place, pour que sa demande et ses "
    "coordonnées soient transmises à 2 ou 3 prestataires."
)
CONSENT_TEXT_EMERGENCY = (
    "J'accepte que le réseau transmette mon alerte et mes coordonnées aux intervenants cyber "
    "de la région qui peuvent m'aider, et me recontacte pour en suivre l'avancement."
)
_POSTCODE = re.compile(r"^\d{5}$")


def commune_resolve(text: str) -> Commune | None:
    """A commune from an INSEE code, a postcode (its most populated commune), a name or
    "name (département)"; None when nothing matches."""
    text = text.strip()
    if not text:
        return None
    found = resolve_commune(text)
    if found is None and _POSTCODE.match(text):
        by_postcode = communes_by_postcode(text)
        found = by_postcode[0] if by_postcode else None
    return found


def _commune_or_error(text: str) -> Commune | None:
    """A commune from a name, postcode or INSEE code; None for an empty field."""
    if not text.strip():
        return None
    commune = commune_resolve(text)
    if commune is None:
        raise forms.ValidationError(f"Commune inconnue : « {text.strip()[:60]} ».")
    return commune


class _ContactFields(forms.Form):
    organisation_name = forms.CharField(
        label="Nom de votre organisation", max_length=250, required=False
    )
    commune = forms.CharField(
        label="Commune",
        max_length=120,
        required=False,
        help_text="Nom, code postal ou code INSEE (ex. Évreux, 27000).",
    )
    contact_name = forms.CharField(label="Votre nom", max_length=150)
    contact_email = forms.EmailField(label="Votre adresse e-mail", max_length=254)
    contact_phone = forms.CharField(label="Téléphone", max_length=30, required=False)
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        required=True,
        error_messages={
            "required": "Votre accord est nécessaire pour transmettre votre demande à des "
            "prestataires."
        },
    )

    def clean_commune(self) -> Commune | None:
        return _commune_or_error(self.cleaned_data.get("commune") or "")

    def clean_contact_phone(self) -> str:
        phone = (self.cleaned_data.get("contact_phone") or "").strip()
        if phone and not re.fullmatch(r"[0-9+ ().\-]{6,30}", phone):
            raise forms.ValidationError("Numéro de téléphone non valide.")
        return phone


class NeedForm(_ContactFields):
    text = forms.CharField(
        label="Votre besoin, avec vos mots",
        max_length=MAX_NEED_TEXT,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=(
            "Ce que vous voulez faire, pour quand, avec quel budget si vous le savez. "
            "Ex. « PME de métallurgie à Évreux, on veut de l'IA pour la maintenance prédictive »."
        ),
    )
    siret = forms.CharField(
        label="SIRET (facultatif)",
        max_length=17,
        required=False,
        help_text="14 chiffres : l'annuaire complète alors votre activité, votre taille et "
        "votre commune.",
    )
    field_order = [
        "text",
        "organisation_name",
        "siret",
        "commune",
        "contact_name",
        "contact_email",
        "contact_phone",
        "consent",
    ]

    def clean_siret(self) -> str:
        siret = re.sub(r"\s", "", self.cleaned_data.get("siret") or "")
        if siret and not siret.isdigit():
            raise forms.ValidationError("Le SIRET ne contient que des chiffres (14).")
        return siret


class EmergencyForm(_ContactFields):
    incident_type = forms.ChoiceField(
        label="Que se passe-t-il ?",
        choices=IncidentType.choices,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label="En quelques mots",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce que vous voyez (message de rançon, comptes bloqués…), depuis quand, "
        "combien de postes touchés.",
    )
    field_order = [
        "incident_type",
        "description",
        "organisation_name",
        "commune",
        "contact_name",
        "contact_phone",
        "contact_email",
        "consent",
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's untyped signature
        self.fields["contact_phone"].required = True
        self.fields["contact_phone"].label = "Téléphone où vous joindre"
        self.fields["commune"].label = "Où ? (commune)"
        self.fields["consent"].label = CONSENT_TEXT_EMERGENCY


class NeedFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="État", choices=[("", "tous"), *NeedStatus.choices], required=False
    )
    urgence = forms.ChoiceField(
        label="Urgence cyber",
        choices=[("", "toutes"), ("oui", "urgences"), ("non", "hors urgence")],
        required=False,
    )
    doublons = forms.BooleanField(label="Doublons signalés seulement", required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)


class ProfileCorrectionForm(forms.Form):
    domains = forms.MultipleChoiceField(
        label="Domaines",
        choices=[(d.slug, d.label) for d in DOMAINS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    commune = forms.CharField(
        label="Lieu (commune)",
        max_length=120,
        required=False,
        help_text="Nom, code postal ou code INSEE ; vide : inchangé.",
    )

    def clean_commune(self) -> Commune | None:
        return _commune_or_error(self.cleaned_data.get("commune") or "")


class SendForm(forms.Form):
    providers = forms.TypedMultipleChoiceField(
        label="Prestataires à solliciter", coerce=int, choices=[]
    )

    def __init__(self, *args: object, choices: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's untyped signature
        field = self.fields["providers"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = choices
        field.error_messages["required"] = "Choisissez au moins un prestataire."


class ActionForm(forms.Form):
    event = forms.CharField(max_length=20)
    amount = forms.DecimalField(
        label="Montant du marché (€ HT)",
        required=False,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
    )
    satisfaction = forms.TypedChoiceField(
        label="Satisfaction (1 à 5)",
        coerce=int,
        choices=[("", "—"), *[(i, str(i)) for i in range(1, 6)]],
        required=False,
        empty_value=None,
    )
    note = forms.CharField(label="Note", max_length=500, required=False)
