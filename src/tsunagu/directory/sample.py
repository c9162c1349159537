"""Invented Osaka City directory for demos (`tsunagu load_sample_data`). Never production.

Every organisation and service here is marked サンプル in its name and `is_sample`, and every
number is 06-0000-xxxx, which cannot be dialled. Ids derive from fixed keys, so loading twice
changes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import transaction

from tsunagu.core.models import Area, AreaKind

from .changes import note_directory_changed
from .models import (
    Accessibility,
    Address,
    Attribute,
    Confidence,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceKind,
)
from .services import TOKYO, LoadReport, ensure_trouble_taxonomy
from .taxonomy_ids import TROUBLE_NAMESPACE

OSAKA_CITY_CODE = "271004"
SAMPLE_VERIFIED_ON = dt.date(2026, 11, 2)
WEEKDAYS = "MO,TU,WE,TH,FR"


@dataclass(frozen=True)
class Hours:
    byday: str
    opens: str
    closes: str
    freq: str = "WEEKLY"
    description: str = ""


@dataclass(frozen=True)
class Template:
    key: str
    name: str  # {ward} is replaced by the ward's name
    kana: str  # {kana} is replaced by the ward's kana without the final く
    kind: str
    window_type: str
    codes: tuple[str, ...]
    description: str
    what_to_say: str
    hours: tuple[Hours, ...]
    by_visit: bool = True
    is_anonymous: bool = False
    minimum_age: int | None = None
    maximum_age: int | None = None
    languages: tuple[tuple[str, str], ...] = (("ja", "日本語"),)


OFFICE_HOURS = (Hours(WEEKDAYS, "09:00", "17:30", description="平日 9:00〜17:30"),)

PER_WARD = (
    Template(
        "houkatsu",
        "サンプル {ward}地域包括支援センター",
        "さんぷる {kana}くちいきほうかつしえんせんたー",
        ServiceKind.WINDOW,
        "地域包括支援センター",
        ("elderly_care", "loneliness"),
        "65歳以上の方とその家族の、介護・健康・暮らしの相談を受けます。"
        "ひとり暮らしの見守りや、認知症の心配ごとも一緒に考えます。",
        "「家族の介護のことで相談したいです」と言ってください。",
        OFFICE_HOURS,
        minimum_age=65,
    ),
    Template(
        "kikan",
        "サンプル {ward}障がい者基幹相談支援センター",
        "さんぷる {kana}くしょうがいしゃきかんそうだんしえんせんたー",
        ServiceKind.WINDOW,
        "障がい者基幹相談支援センター",
        ("disability", "developmental"),
        "障がいのある方と家族の、福祉サービスの使い方や暮らしの困りごとの相談を受けます。",
        "「障がいのことで、使えるサービスを知りたいです」と伝えてください。",
        OFFICE_HOURS,
    ),
    Template(
        "jiritsu",
        "サンプル {ward}くらしの相談窓口（自立相談支援）",
        "さんぷる {kana}くくらしのそうだんまどぐち",
        ServiceKind.WINDOW,
        "自立相談支援窓口",
        ("livelihood", "work", "housing"),
        "家賃や支払いが苦しい、仕事が見つからない、住まいを失いそう、という方の相談を受け、"
        "一緒に次の一歩を考えます。",
        "「生活が苦しくて相談したいです」とだけ言えば大丈夫です。",
        OFFICE_HOURS,
    ),
    Template(
        "kosodate",
        "サンプル {ward}保健福祉センター 子育て支援室",
        "さんぷる {kana}くほけんふくしせんたー こそだてしえんしつ",
        ServiceKind.WINDOW,
        "子育て支援室",
        ("pregnancy_childcare", "child_youth", "young_carer", "single_parent"),
        "妊娠中から子育て中の方、家族の世話をしている子ども（ヤングケアラー）の相談を受けます。",
        "「子育てのことで話を聞いてほしいです」と言ってください。",
        OFFICE_HOURS,
    ),
    Template(
        "salon",
        "サンプル {ward}ふれあいサロン",
        "さんぷる {kana}くふれあいさろん",
        ServiceKind.PLACE,
        "サロン",
        ("loneliness", "elderly_care"),
        "地域の集会所で、お茶を飲みながらおしゃべりする集まりです。予約はいりません。",
        "電話は不要です。当日、受付で「はじめて来ました」と言ってください。",
        (Hours("2WE,4WE", "13:00", "15:00", "MONTHLY", "毎月第2・第4水曜 13:00〜15:00"),),
    ),
    Template(
        "shokudo",
        "サンプル {ward}みんなの食堂",
        "さんぷる {kana}くみんなのしょくどう",
        ServiceKind.PLACE,
        "子ども食堂",
        ("loneliness", "child_youth", "single_parent", "livelihood"),
        "子どもも大人も一緒にごはんを食べられる地域の食堂です。子どもは無料です。",
        "「食堂に行ってみたいです」と伝えてください。",
        (Hours("1SA,3SA", "11:30", "14:00", "MONTHLY", "毎月第1・第3土曜 11:30〜14:00"),),
    ),
)

CITY_WIDE = (
    Template(
        "kokoro",
        "サンプル 大阪市こころの健康センター",
        "さんぷる おおさかしこころのけんこうせんたー",
        ServiceKind.WINDOW,
        "こころの健康センター",
        ("mental_health", "suicidal", "hikikomori"),
        "こころの不調、アルコールやギャンブルの問題、ひきこもりについて、"
        "専門の職員が相談を受けます。",
        "「気持ちがしんどくて相談したいです」と言ってください。",
        OFFICE_HOURS,
    ),
    Template(
        "hattatsu",
        "サンプル 大阪市発達障がい者支援センター",
        "さんぷる おおさかしはったつしょうがいしゃしえんせんたー",
        ServiceKind.WINDOW,
        "発達障がい者支援センター",
        ("developmental", "disability"),
        "発達の特性がある子どもや大人、その家族の相談を受けます。診断がなくても相談できます。",
        "「発達のことで相談したいです」と伝えてください。",
        (Hours("TU,WE,TH,FR,SA", "10:00", "17:00", description="火〜土 10:00〜17:00"),),
    ),
    Template(
        "hikikomori",
        "サンプル 大阪市ひきこもり相談窓口",
        "さんぷる おおさかしひきこもりそうだんまどぐち",
        ServiceKind.WINDOW,
        "ひきこもり相談窓口",
        ("hikikomori", "mental_health", "loneliness"),
        "本人も家族も相談できます。来られない方には電話やメールでも話を聞きます。",
        "「家族がひきこもっていて相談したいです」と言ってください。",
        OFFICE_HOURS,
    ),
    Template(
        "yakan",
        "サンプル 夜間こころの電話",
        "さんぷる やかんこころのでんわ",
        ServiceKind.HOTLINE,
        "電話相談",
        ("mental_health", "loneliness"),
        "夜、眠れないときや、誰かと話したいときの電話です。名前を言わなくてもかまいません。",
        "「眠れなくて、少し話したいです」と言えば大丈夫です。",
        (Hours("MO,TU,WE,TH,FR,SA,SU", "21:00", "06:00", description="毎日 21:00〜翌6:00"),),
        by_visit=False,
        is_anonymous=True,
    ),
    Template(
        "tagengo",
        "サンプル 大阪市多言語相談",
        "さんぷる おおさかしたげんごそうだん",
        ServiceKind.HOTLINE,
        "多言語相談",
        ("foreign_language", "livelihood"),
        "英語・中国語・韓国語・ベトナム語などで、暮らしや手続きの相談ができます。",
        "「Can I talk in English?」など、話したい言葉を最初に伝えてください。",
        OFFICE_HOURS,
        by_visit=False,
        languages=(
            ("ja", "日本語"),
            ("en", "English"),
            ("zh", "中文"),
            ("ko", "한국어"),
            ("vi", "Tiếng Việt"),
        ),
    ),
    Template(
        "kodomo",
        "サンプル 大阪市子ども相談センター",
        "さんぷる おおさかしこどもそうだんせんたー",
        ServiceKind.WINDOW,
        "子ども相談センター",
        ("child_youth", "child_abuse", "young_carer"),
        "18歳未満の子ども本人や家族の相談を受けます。いじめや家のことも話せます。",
        "「子どものことで相談したいです」と言ってください。",
        OFFICE_HOURS,
        maximum_age=17,
    ),
)


def _id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(TROUBLE_NAMESPACE, "sample:" + ":".join(parts))


def load_osaka_sample() -> LoadReport:
    """Create or refresh the invented Osaka City entries (idempotent)."""
    report = LoadReport()
    city = Area.objects.filter(code=OSAKA_CITY_CODE).first()
    if city is None:
        report.notes.append(
            "大阪市の区域がありません。先に tsunagu load_areas を実行してください。"
        )
        return report
    wards = list(Area.objects.filter(kind=AreaKind.WARD, parent=city).order_by("code"))
    terms = ensure_trouble_taxonomy()
    verified_at = dt.datetime.combine(SAMPLE_VERIFIED_ON, dt.time(10, 0), tzinfo=TOKYO)
    with transaction.atomic():
        org = _upsert(
            Organization,
            _id("org", "city"),
            report,
            name="サンプル 大阪市 福祉局",
            kana="さんぷる おおさかし ふくしきょく",
            description="サンプルの組織です。市の相談窓口をまとめています。",
            is_sample=True,
        )
        serial = 1
        for template in CITY_WIDE:
            _save_entry(template, org, city, city, serial, terms, verified_at, report)
            serial += 1
        for index, ward in enumerate(wards, start=1):
            ward_org = _upsert(
                Organization,
                _id("org", ward.code),
                report,
                name=f"サンプル {ward.name}の相談窓口",
                kana=f"さんぷる {ward.kana}のそうだんまどぐち",
                description=f"サンプルの組織です。{ward.name}の窓口とつながりの場をまとめています。",
                parent_organization=org,
                is_sample=True,
            )
            for number, template in enumerate(PER_WARD, start=1):
                _save_entry(
                    template, ward_org, ward, city, index * 10 + number, terms, verified_at, report
                )
        note_directory_changed()
    return report


def _upsert(model, pk, report: LoadReport | None, **values):
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        obj = model(pk=pk, **values)
        obj.save()
        if report is not None:
            report.created += 1
    elif any(getattr(obj, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(obj, k, v)
        obj.save()
        if report is not None:
            report.updated += 1
    elif report is not None:
        report.unchanged += 1
    return obj


def _save_entry(template, org, area, city, serial, terms, verified_at, report) -> None:
    key = f"{template.key}:{area.code}"
    ward_name = area.name if area.kind == AreaKind.WARD else ""
    kana = area.kana[:-1] if area.kana.endswith("く") else area.kana
    number = f"06-0000-{serial:04d}"
    service = _upsert(
        Service,
        _id("service", key),
        report,
        organization=org,
        name=template.name.format(ward=ward_name),
        kana=template.kana.format(kana=kana),
        kind=template.kind,
        window_type=template.window_type,
        description=template.description + "（サンプルの情報です）",
        what_to_say=template.what_to_say,
        hours_note=" / ".join(h.description for h in template.hours),
        by_phone=template.kind != ServiceKind.PLACE,
        by_visit=template.by_visit,
        is_free=True,
        is_anonymous=template.is_anonymous,
        minimum_age=template.minimum_age,
        maximum_age=template.maximum_age,
        source="サンプル（架空のデータ）",
        confidence=Confidence.MEDIUM,
        last_verified_at=verified_at,
        is_sample=True,
    )
    ServiceArea.objects.update_or_create(
        id=_id("area", key), defaults={"service": service, "area": area, "name": area.name}
    )
    Phone.objects.update_or_create(
        id=_id("phone", key), defaults={"service": service, "number": number, "type": "voice"}
    )
    for code, name in template.languages:
        # The first language keeps the id earlier versions used, so reloading stays idempotent.
        suffix = () if code == "ja" else (code,)
        Language.objects.update_or_create(
            id=_id("language", key, *suffix),
            defaults={"service": service, "code": code, "name": name},
        )
    for position, hours in enumerate(template.hours):
        Schedule.objects.update_or_create(
            id=_id("schedule", key, str(position)),
            defaults={
                "service": service,
                "freq": hours.freq,
                "byday": hours.byday,
                "opens_at": dt.time.fromisoformat(hours.opens),
                "closes_at": dt.time.fromisoformat(hours.closes),
                "description": hours.description,
            },
        )
    for code in template.codes:
        Attribute.objects.update_or_create(
            id=_id("attribute", key, code),
            defaults={
                "service": service,
                "link_id": service.pk,
                "link_entity": "service",
                "taxonomy_term": terms[code],
            },
        )
    if template.kind == ServiceKind.HOTLINE:
        return
    location = _upsert(
        Location,
        _id("location", key),
        None,
        organization=org,
        name=service.name,
        kana=service.kana,
        area=area,
        location_type="physical",
        transportation="最寄り駅から歩いて10分ほど（サンプル）",
    )
    Address.objects.update_or_create(
        id=_id("address", key),
        defaults={
            "location": location,
            "address_1": f"{ward_name or '中央区'}サンプル町{serial % 9 + 1}丁目{serial}番",
            "city": f"大阪市{ward_name}" if ward_name else "大阪市",
            "state_province": "大阪府",
            "postal_code": "000-0000",
            "country": "JP",
        },
    )
    Accessibility.objects.update_or_create(
        id=_id("accessibility", key),
        defaults={
            "location": location,
            "description": "車いすで入れます。エレベーターがあります。",
        },
    )
    ServiceAtLocation.objects.update_or_create(
        id=_id("sal", key), defaults={"service": service, "location": location}
    )
