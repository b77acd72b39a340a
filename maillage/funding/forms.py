"""Forms check shape only; criteria become `CallFilters` in `to_filters`."""

from __future__ import annotations

from typing import Any

from django import forms

from maillage.funding.models import ApplicationStatus, Frequency
from maillage.funding.selectors import CallFilters
from maillage_core.funding.vocab import AidType, Audience, Theme

THEMES = [(t.value, t.label) for t in Theme]
AUDIENCES = [(a.value, a.label) for a in Audience]
AID_TYPES = [(a.value, a.label) for a in AidType]
INSEE = r"^(\d{5}|2[AB]\d{3})$"
MAX_PAGE = 1000


class CallSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Mots-clés")
    ouvert = forms.BooleanField(required=False, label="Ouvert maintenant")
    cloture_30j = forms.BooleanField(required=False, label="Clôture sous 30 jours")
    theme = forms.MultipleChoiceField(required=False, choices=THEMES, label="Thème")
    public = forms.MultipleChoiceField(required=False, choices=AUDIENCES, label="Public")
    type = forms.MultipleChoiceField(required=False, choices=AID_TYPES, label="Type d'aide")
    perimetre = forms.RegexField(
        required=False, regex=INSEE, label="Périmètre (code INSEE de la commune)"
    )
    financeur = forms.CharField(required=False, max_length=200, label="Financeur")
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def to_filters(self) -> CallFilters:
        d: dict[str, Any] = self.cleaned_data
        return CallFilters(
            open_now=bool(d.get("ouvert")),
            closing_within=30 if d.get("cloture_30j") else None,
            themes=tuple(d.get("theme") or ()),
            audiences=tuple(d.get("public") or ()),
            aid_types=tuple(d.get("type") or ()),
            perimeter=d.get("perimetre") or "",
            funder=(d.get("financeur") or "").strip(),
            text=(d.get("q") or "").strip(),
        )


class SavedSearchForm(forms.Form):
    name = forms.CharField(max_length=150, label="Nom de l'alerte")
    email = forms.EmailField(label="Adresse e-mail")
    themes = forms.MultipleChoiceField(required=False, choices=THEMES, label="Thèmes")
    audiences = forms.MultipleChoiceField(required=False, choices=AUDIENCES, label="Publics")
    aid_types = forms.MultipleChoiceField(required=False, choices=AID_TYPES, label="Types d'aide")
    perimeter_code = forms.RegexField(required=False, regex=INSEE, label="Commune (code INSEE)")
    text = forms.CharField(required=False, max_length=200, label="Mots-clés")
    open_only = forms.BooleanField(required=False, initial=True, label="Appels ouverts seulement")
    frequency = forms.ChoiceField(choices=Frequency.choices, label="Fréquence")


class ApplicationStartForm(forms.Form):
    organisation = forms.IntegerField(min_value=1)
    amount_requested = forms.IntegerField(required=False, min_value=0, label="Montant demandé (€)")


class ApplicationUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=ApplicationStatus.choices, label="Statut")
    amount_obtained = forms.IntegerField(required=False, min_value=0, label="Montant obtenu (€)")
    amount_requested = forms.IntegerField(required=False, min_value=0, label="Montant demandé (€)")
