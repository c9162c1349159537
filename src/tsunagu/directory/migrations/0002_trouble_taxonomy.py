# Data migration: the fixed 困りごと codes of shared/design/taxonomy.md as an HSDS taxonomy.
# The values are copied here (not imported) so that later edits to troubles.py cannot
# change what this migration did.

import uuid

from django.db import migrations

NAMESPACE = uuid.UUID("6f0c1c55-3f0b-5a2e-9f5e-7473756e6167")

TERMS = [
    (
        "loneliness",
        "孤独・孤立",
        "話し相手がいない、居場所がない、引っ越しや退職・死別のあとに孤立している。",
    ),
    (
        "mental_health",
        "こころの悩み",
        "不安、気分の落ちこみ、眠れない、ストレス、アルコールやギャンブルの問題。",
    ),
    (
        "suicidal",
        "死にたいほどつらい",
        "死にたい気持ち、自分を傷つけてしまう、薬をたくさん飲もうとしている。",
    ),
    (
        "elderly_care",
        "高齢者の介護・暮らし",
        "高齢の家族の介護、認知症、ひとり暮らしの高齢者の見守り。",
    ),
    ("disability", "障がい", "からだ・知的・精神の障がい、福祉サービス、障がいのある子どもの親。"),
    ("developmental", "発達障がい", "子どもや大人の発達の特性（ASD、ADHD、LD など）。"),
    (
        "livelihood",
        "生活・お金の困りごと",
        "家賃や公共料金が払えない、食べるものがない、借金、生活保護、詐欺の被害。",
    ),
    ("work", "仕事", "仕事を失った、仕事探し、職場のハラスメント、働きすぎ。"),
    ("pregnancy_childcare", "妊娠・出産・子育て", "妊娠、出産のあと、子育ての心配ごと。"),
    (
        "child_youth",
        "子ども・若者",
        "いじめ、不登校、家族とのもめごとなど、18歳以下の子ども・若者自身の悩み。",
    ),
    ("hikikomori", "ひきこもり", "長いあいだ家から出られない、8050問題。"),
    (
        "violence_women",
        "DV・性暴力・女性の悩み",
        "配偶者などからの暴力、ストーカー、性暴力、女性ならではの悩み。",
    ),
    ("child_abuse", "児童虐待", "子どもが虐待されている、子どもを傷つけてしまいそうな親。"),
    ("young_carer", "ヤングケアラー", "家族の世話をしている子ども・若者。"),
    ("single_parent", "ひとり親家庭", "ひとり親家庭のお金・仕事・子育て。"),
    ("sexual_minority", "性的マイノリティ", "性別の違和感、性的指向、カミングアウト。"),
    (
        "foreign_language",
        "外国語・外国人住民",
        "日本語以外での相談、外国人住民の在留や暮らしのこと。",
    ),
    ("housing", "住まい", "住まいを失った、家を借りられない、立ち退きを求められている。"),
    ("health", "からだの健康", "病気、通院、長く続く病気。"),
    ("human_rights", "人権・差別", "差別、偏見、ネットでの中傷、名誉を傷つけられた。"),
]


def load(apps, schema_editor):
    Taxonomy = apps.get_model("directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=uuid.uuid5(NAMESPACE, "taxonomy"),
        defaults={
            "name": "tsunagu-troubles",
            "description": "つなぐの困りごと分類（固定コード）。ナビ・相談先・つなぎで共通に使う。",
            "version": "1",
        },
    )
    for position, (code, name, description) in enumerate(TERMS, start=1):
        TaxonomyTerm.objects.update_or_create(
            id=uuid.uuid5(NAMESPACE, f"term:{code}"),
            defaults={
                "taxonomy": taxonomy,
                "code": code,
                "name": name,
                "description": description,
                "language": "ja",
                "position": position,
            },
        )


def unload(apps, schema_editor):
    Taxonomy = apps.get_model("directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    TaxonomyTerm.objects.filter(taxonomy__name="tsunagu-troubles").delete()
    Taxonomy.objects.filter(name="tsunagu-troubles").delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_hsds_models")]

    operations = [migrations.RunPython(load, unload)]
