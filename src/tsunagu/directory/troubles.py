"""The fixed 困りごと codes (shared/design/taxonomy.md). The codes are a contract; the
labels are translated through this app's catalogue (ja_Easy, en)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TROUBLE_CODES: tuple[str, ...] = (
    "loneliness",
    "mental_health",
    "suicidal",
    "elderly_care",
    "disability",
    "developmental",
    "livelihood",
    "work",
    "pregnancy_childcare",
    "child_youth",
    "hikikomori",
    "violence_women",
    "child_abuse",
    "young_carer",
    "single_parent",
    "sexual_minority",
    "foreign_language",
    "housing",
    "health",
    "human_rights",
)

# The codes of a crisis (taxonomy.md, "Crisis"): the crisis lines for them come first.
CRISIS_CODES: tuple[str, ...] = ("suicidal", "violence_women", "child_abuse")

TROUBLE_LABELS = {
    "loneliness": _("孤独・孤立"),
    "mental_health": _("こころの悩み"),
    "suicidal": _("死にたいほどつらい"),
    "elderly_care": _("高齢者の介護・暮らし"),
    "disability": _("障がい"),
    "developmental": _("発達障がい"),
    "livelihood": _("生活・お金の困りごと"),
    "work": _("仕事"),
    "pregnancy_childcare": _("妊娠・出産・子育て"),
    "child_youth": _("子ども・若者"),
    "hikikomori": _("ひきこもり"),
    "violence_women": _("DV・性暴力・女性の悩み"),
    "child_abuse": _("児童虐待"),
    "young_carer": _("ヤングケアラー"),
    "single_parent": _("ひとり親家庭"),
    "sexual_minority": _("性的マイノリティ"),
    "foreign_language": _("外国語・外国人住民"),
    "housing": _("住まい"),
    "health": _("からだの健康"),
    "human_rights": _("人権・差別"),
}

# Japanese source text stored in the database (HSDS needs a description per term).
TROUBLE_DESCRIPTIONS = {
    "loneliness": "話し相手がいない、居場所がない、引っ越しや退職・死別のあとに孤立している。",
    "mental_health": "不安、気分の落ちこみ、眠れない、ストレス、アルコールやギャンブルの問題。",
    "suicidal": "死にたい気持ち、自分を傷つけてしまう、薬をたくさん飲もうとしている。",
    "elderly_care": "高齢の家族の介護、認知症、ひとり暮らしの高齢者の見守り。",
    "disability": "からだ・知的・精神の障がい、福祉サービス、障がいのある子どもの親。",
    "developmental": "子どもや大人の発達の特性（ASD、ADHD、LD など）。",
    "livelihood": "家賃や公共料金が払えない、食べるものがない、借金、生活保護、詐欺の被害。",
    "work": "仕事を失った、仕事探し、職場のハラスメント、働きすぎ。",
    "pregnancy_childcare": "妊娠、出産のあと、子育ての心配ごと。",
    "child_youth": "いじめ、不登校、家族とのもめごとなど、18歳以下の子ども・若者自身の悩み。",
    "hikikomori": "長いあいだ家から出られない、8050問題。",
    "violence_women": "配偶者などからの暴力、ストーカー、性暴力、女性ならではの悩み。",
    "child_abuse": "子どもが虐待されている、子どもを傷つけてしまいそうな親。",
    "young_carer": "家族の世話をしている子ども・若者。",
    "single_parent": "ひとり親家庭のお金・仕事・子育て。",
    "sexual_minority": "性別の違和感、性的指向、カミングアウト。",
    "foreign_language": "日本語以外での相談、外国人住民の在留や暮らしのこと。",
    "housing": "住まいを失った、家を借りられない、立ち退きを求められている。",
    "health": "病気、通院、長く続く病気。",
    "human_rights": "差別、偏見、ネットでの中傷、名誉を傷つけられた。",
}
