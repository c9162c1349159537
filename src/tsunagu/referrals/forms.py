"""Forms for the staff pages. They check shapes; the rules live in services.py."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import Area, AreaKind
from tsunagu.directory.models import Service
from tsunagu.directory.troubles import TROUBLE_CODES, TROUBLE_LABELS

from .services import ReferralDraft
from .states import (
    RESULTS,
    AgeBand,
    ConsentGiver,
    ConsentMethod,
    Delivery,
    LegalBasis,
    SharedItem,
    Status,
    Who,
)

NOTE_MAX = 500


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return f"{obj.name}（{obj.organization.name}）"


def ward_choices() -> list[tuple[str, str]]:
    wards = Area.objects.filter(kind=AreaKind.WARD).select_related("parent").order_by("code")
    return [("", _("選んでください"))] + [(w.code, f"{w.parent.name}{w.name}") for w in wards]


class ReferralForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    trouble_codes = forms.MultipleChoiceField(
        label=_("気づいた困りごと"),
        choices=[(code, TROUBLE_LABELS[code]) for code in TROUBLE_CODES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("困りごとを1つ以上選んでください。")},
    )
    note = forms.CharField(
        label=_("気づいたこと（短く）"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("窓口に伝えてよいと本人が同意したときだけ送られます。"),
    )
    ward = forms.ChoiceField(label=_("住んでいる区"), choices=())
    age_band = forms.ChoiceField(label=_("年代"), choices=AgeBand.choices, initial=AgeBand.UNKNOWN)
    noticed_as = forms.ChoiceField(
        label=_("どのように知りましたか"), choices=Who.choices, initial=Who.STAFF
    )
    service = ServiceChoiceField(
        label=_("つなぐ先"),
        queryset=Service.objects.select_related("organization"),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("その相談先は見つかりません。選び直してください。")},
    )
    service_search = forms.CharField(
        label=_("相談先を名前でさがす"), required=False, max_length=100
    )
    delivery = forms.ChoiceField(
        label=_("送り方"), choices=Delivery.choices, widget=forms.RadioSelect, initial=Delivery.SEND
    )
    person_name = forms.CharField(label=_("名前・呼ばれたい名前"), required=False, max_length=100)
    contact_details = forms.CharField(
        label=_("連絡先（電話番号など）"), required=False, max_length=200
    )
    contact_time = forms.CharField(label=_("連絡してよい時間"), required=False, max_length=100)
    consent_giver = forms.ChoiceField(
        label=_("同意した人"), choices=ConsentGiver.choices, widget=forms.RadioSelect
    )
    consent_method = forms.ChoiceField(
        label=_("同意の方法"),
        choices=[("", _("（同意なしのときは空欄）")), *ConsentMethod.choices],
        required=False,
    )
    consent_on = forms.DateField(
        label=_("同意した日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    shared_items = forms.MultipleChoiceField(
        label=_("窓口に伝えてよいこと"),
        choices=SharedItem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    may_forward = forms.BooleanField(
        label=_("必要なら、窓口が他の窓口へつなぎ直してよい"), required=False
    )
    legal_basis = forms.ChoiceField(
        label=_("同意なしで送る根拠"),
        choices=[("", _("（同意があるときは空欄）")), *LegalBasis.choices],
        required=False,
        help_text=_("根拠を選んで送ると、区の担当者に確認の知らせが届きます。"),
    )

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].choices = ward_choices()
        self.suggestions = list(suggestions)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
            self.initial.setdefault("consent_on", timezone.localdate())

    def draft(self) -> ReferralDraft:
        data = self.cleaned_data
        return ReferralDraft(
            service=data["service"],
            ward=Area.objects.select_related("parent").get(code=data["ward"]),
            trouble_codes=data["trouble_codes"],
            delivery=data["delivery"],
            consent_giver=data["consent_giver"],
            consent_method=data["consent_method"],
            consent_on=data["consent_on"],
            shared_items=data["shared_items"],
            may_forward=data["may_forward"],
            legal_basis=data["legal_basis"],
            age_band=data["age_band"],
            noticed_as=data["noticed_as"],
            person_name=data["person_name"],
            contact_details=data["contact_details"],
            contact_time=data["contact_time"],
            note=data["note"],
        )

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("service") is None:
            self.add_error("service", _("つなぐ先の相談先を選んでください。"))
        return data


TRANSITION_CHOICES = [
    (Status.ACCEPTED, _("受付済にする")),
    (Status.CONTACTED, _("本人と連絡がとれた")),
    *[(s, Status(s).label) for s in Status.values if s in RESULTS],
]


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("次の状態"), choices=TRANSITION_CHOICES)
    reason = forms.CharField(
        label=_("理由・メモ"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("「本人が辞退」「対象外」にするときは理由が必要です。"),
    )
    service = ServiceChoiceField(
        label=_("つなぎ直す先（他の窓口へつなぐとき）"),
        queryset=Service.objects.filter(receiving_window__isnull=False).select_related(
            "organization"
        ),
        required=False,
    )
