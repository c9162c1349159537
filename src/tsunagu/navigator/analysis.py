"""Understanding a resident's own words: crisis or not, and which trouble codes they point to.

The text is analysed in memory and dropped; nothing here stores or logs it.

How it works, in order:
1. Normalise: NFKC via jaconv (half-width katakana, full-width letters and digits), lower
   case, stretched or small kana (しにたーい, しにたぃ), deliberate misspellings (タヒ).
2. Tokenise once with SudachiPy (split mode A, so a term and the same words inside a longer
   compound cut the same way) and build three views of the text: normalised forms (子ども,
   こども → 子供), readings in hiragana (for text written all in kana), and the surface.
3. Match every lexicon term (tsunagu.navigator.lexicon) in those views. A match followed by a
   negation (消えたいなんて思っていない) does not count; a crisis word inside an intensifying
   idiom (死ぬほど眠い, 笑い死に), about a story's character, or told as long past does not
   raise a crisis.
4. Score each code from the weights of its matched terms and sort, strongest first.

Missing a crisis is far worse than a false alarm, so crisis terms are broad and only the
narrow, listed exceptions turn them off.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from dataclasses import replace as _replace
from typing import TYPE_CHECKING

import jaconv
from sudachipy import Dictionary, SplitMode

from . import lexicon

if TYPE_CHECKING:
    from . import second_opinion
    from .crisis_model import CrisisModel

MAX_TEXT_LENGTH = 2000

SENTENCE_END = re.compile(r"[。．！？!?\n]+|\.(?=\s|$)")
_CLAUSE_SURFACES = frozenset("、。，,．.！？!?\n")
_ELLIPSIS = frozenset([".", "…", "・", "..", "...", "‥"])
# Verbs that voice a fear (言う, 騒ぐ, 叫ぶ): with dementia or delusion, not a danger now.
_VOICING = frozenset(["言う", "騒ぐ", "叫ぶ", "訴える", "思い込む", "怯える"])
# Case particles residents leave out in casual writing (友達いない, 物投げてくる).
_DROPPABLE = frozenset(["を", "が", "は"])
_CLOSING_QUOTES = frozenset("」』）)\"'")
_DEGREE = frozenset(["くらい", "ぐらい", "位", "ほど", "程"])
_OVERSTATED = frozenset(["大げさ", "大袈裟", "言い過ぎ", "オーバー"])
_REPORTS = frozenset(["ニュース", "報道", "記事", "特集", "ドキュメンタリー"])
# 消えたいとか死にたいとか: the words that list one wish after another.
_LISTING = frozenset(["と", "とか", "なんて", "なんか", "や"])
# The soft side of 死にそう written in kana, which Sudachi often reads as other words
# (あつくて as あつい, つかれた as つく+れる): the start of the word as written.
_SOFT_KANA = ("あつ", "さむ", "ねむ", "つかれ", "すい", "おなか", "いそがし", "ひま", "はずかし")
# Said as a joke or in play fighting; and said in earnest, which overrides it. Not any ごっこ
# (お医者さんごっこ can hide abuse) and not ノリで (on a whim: ノリでODした).
_JOKE = re.compile(
    r"(冗談|ネタ)(やけど|だけど|ですけど|です|やで|だよ|やん|やから|だから|でした|の「|[wｗ笑]"
    r"|なん(は|や)わか|なのはわか)"
    r"|本気(ちゃう|じゃな|ではな|やな|で言ってな|で言うてな)"
    r"|(鬼|戦い|プロレス|ヒーロー|戦争|忍者)ごっこ|ノリ(や|だ)(?!った)"
)
_EARNEST = re.compile(
    r"冗談(じゃな|ではな|やな|抜き|で言ってな|で言うてな)|本気(?!ちゃう|じゃな|ではな|やな|で言ってな|で言うてな)"
)
# A past marker followed by から says "ever since": the harm still goes on.
_SINCE = re.compile(r"(頃|ころ|時代|昔|以前|前|時|とき)から")
# Asking whether a dose is safe (飲んでも大丈夫？), and the words that name a whole stock,
# which keep even a question a crisis (全部飲んでもいい？).
_MEDICINE_MARKS = ("薬", "錠", "剤", "回分")
_GRAVE_ACTS = frozenset(["殺す", "絞める", "締める", "首", "投げ付ける", "投げつける"])
# What a parent says they have not done yet (まだ叩いたことはない, まだ手は出していない).
_HANDS_ON = frozenset(["叩く", "殴る", "蹴る", "手", "出す", "上げる"])
_SAFE = frozenset(["良い", "いい", "よい", "大丈夫", "平気", "問題"])
_WHOLE_STOCK = frozenset(
    [
        "全部",
        "ぜんぶ",
        "全て",
        "すべて",
        "大量",
        "一気",
        "残り",
        "丸ごと",
        "箱",
        "一箱",
        "瓶",
        "シート",
    ]
)
_SETTLED = frozenset(["元気", "落ち着く", "大丈夫", "戻る", "回復", "笑う", "平気", "穏やか"])
_CLAUSE_CONJUNCTIONS = frozenset({"けど", "けれど", "けれども", "のに", "でも"})
_SMALL_KANA = str.maketrans("ぁぃぅぇぉ", "あいうえお")
_STRETCH_AFTER_HIRAGANA = re.compile(r"(?<=[ぁ-ゖ])[ー〜～]+")
_REPEATS = re.compile(r"(\D)\1{2,}")
_ASCII_TERM = re.compile(r"^[\x20-\x7e]+$")
_LATIN_WORD = re.compile(r"[a-z]{2,}")
_KANSAI_VOLITIONAL = re.compile(r"(死んだ|消えた|飛び降りた)ろ(?!う)")
_KANSAI_TO_STANDARD = {"死んだ": "死のう", "消えた": "消えよう", "飛び降りた": "飛び降りよう"}
_ROMAJI_WORD = re.compile(r"[a-z]+")
# Whole kana, no stray small っ at either end or doubled (want → わんっ, please → っれあせ).
_ROMAJI_KANA = re.compile(r"^(?!っ)(?!.*っっ)[ぁ-ゖー]+(?<!っ)$")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_KANA_ONLY = re.compile(r"^[\u3040-\u30ff\s、。!?！？]+$")
# Adverbs that only strengthen a denial (死にたいとは全然思わない).
_DENIAL_ADVERBS = frozenset(["全然", "全く", "まったく", "別に", "特に", "ちっとも", "少しも"])
# Katakana (four or more) with spaces and punctuation only; no long vowel mark, which
# belongs to loanwords (コーヒー), not to Japanese spelled in katakana.
_KATAKANA_ONLY = re.compile(
    r"^(?=(?:[^\u30a1-\u30fa]*[\u30a1-\u30fa]){4})[\u30a1-\u30fa\s、。!?！？…・]+$"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CHINESE_ONLY = frozenset("我的是了吗没们这说你她他很对")
_SHINU = "|死ぬ|"
_LONE_SHINU = re.compile(r"(?:(?<![ぁ-ゖ])|(?<=もう))しぬ")
# いきてる, いきていけない, いきるのがつらい written in kana are 生きる (行く has no such forms);
# Sudachi would otherwise read いき as 行き. Not after other kana (おもいきる, 思い切る).
_KYUSHU_TAI = re.compile(r"(死に|しに|消え|きえ)たか(?![っろら])")
_KANA_IKIRU = re.compile(r"(?:(?<![ぁ-ゖ])|(?<=もう))いき(?=てる|ている|ていけ|ていく|るの|ること)")
_E_ROW = frozenset("えけせてねへめれげぜでべぺ")
# へん / ひん: Kansai negation (思わへん, 思ってへん).
_NEGATORS = frozenset(["ない", "無い", "ぬ", "ず", "ん", "へん", "ひん"])
_BETWEEN_VERB_AND_NEGATION = frozenset(
    [
        "て",
        "てる",  # 思ってない: Sudachi reads the contracted て as てる
        "た",
        "は",
        "も",
        "こと",
        "事",
        "居る",
        "いる",
        "たり",
        "で",
        "じゃ",
        "だ",  # わけじゃない: Sudachi reads じゃ as the copula だ
        "では",
        "に",
        "ます",
        # 死にたいと思ったことは一度もない: how often or how much, before the negation.
        "一度",
        "一回",
        "今まで",
        "これまで",
        "全然",
        "全く",
        "別に",
        "特に",
        "決して",
        "そんなに",
        # 思ったことはありません: ある, then the negation.
        "有る",
        "ある",
        # 消えたいという気持ちはありません: the feeling named after the verb.
        "気持ち",
        "考え",
        # 消えたいと思うようなことはございません: a measure, and the polite ある.
        "よう",
        "様",
        "御座る",
    ]
)
# After a denial these say it is a pretence (思ってない…って自分に言い聞かせてる, 平気な
# ふり): the denial does not turn the statement round.
_PRETENCE = frozenset(["聞かせる", "ふり", "振り", "嘘", "強がる", "強がり", "建前"])
# 死にたいとかそういう様子もない: between a quotative and the negation, only words that
# point back at the wish (such a sign, such a thing) and particles.
_VAGUE_DENIAL = frozenset(
    [
        "そう",
        "そういう",
        "そんな",
        "こう",
        "言う",
        "様子",
        "感じ",
        "気配",
        "素振り",
        "の",
        "ん",
        "は",
        "も",
        "こと",
        "事",
        "気持ち",
        "考え",
        "もの",
        "物",
    ]
)
# ...of which at least one points back (not particles alone: この世に未練はありません is the
# crisis itself, not a denial of it).
_POINTING_BACK = frozenset(["そう", "そういう", "そんな", "こう", "様子", "感じ", "気配", "素振り"])


def _never_done(norms: list[str]) -> bool:
    """The act denied as never done: 〜たことはない, 〜たことは一度もない, 〜たりはしてない
    (殴られたりはしてない: the passive first)."""
    if norms[:1] in (["れる"], ["られる"]):
        norms = norms[1:]
    if norms[:2] == ["た", "こと"]:
        rest = norms[2:]
    elif norms[:1] == ["たり"]:
        rest = [n for n in norms[1:] if n not in ("為る", "て", "てる", "居る")]
    else:
        return False
    rest = [n for n in rest if n not in ("は", "も", "が", "一度", "一回", "今まで", "まだ")]
    return bool(rest) and rest[0] in _NEGATORS


def _first_negator(norms: list[str]) -> int:
    """Index of the first negation among the first six words, or 0 when there is none."""
    for index, norm in enumerate(norms[:6]):
        if norm in _NEGATORS:
            return index
    return 0


# After 死ぬ these make it a wish handled elsewhere (死にたい) or an idiom (死ぬほど, 死ぬまでに).
_NOT_A_DECLARATION = frozenset(
    [
        "たい",
        "てえ",
        "ほど",
        "くらい",
        "ぐらい",
        "まで",
        "前",
        "気",
        "か",
        "かも",
        "もの",
        "物",
        # 死にまくる: dying over and over happens only in games.
        "捲る",
        "まくる",
        # 死ぬ笑, 死ぬw: a laugh marks the exaggeration of a joke.
        "笑い",
        "笑",
        "w",
        "草",
    ]
)
# 死ぬのが怖い, 死んでしまうのが心配: fear of a death (one's own or a pet's) is not a wish.
_FEAR = frozenset(["怖い", "恐い", "恐ろしい", "恐怖", "心配", "不安"])
# 私が死んだら、この子はどうなるのか / 母が死んだらどうしよう: a worry about what follows.
_WORRY_AFTER = frozenset(["心配", "不安", "葬式", "葬儀", "お墓", "墓", "遺言", "相続"])
# 死んでやる, 死んで詫びる, 死んで楽になる: the te-form still speaks of dying oneself.
_AFTER_DYING = frozenset(
    ["やる", "詫びる", "詫び", "償う", "償い", "責任", "楽", "しまう", "仕舞う", "ちゃう", "終わる"]
)
# An act named as an event (自殺, 自死, 命を絶つ) followed by して + a span of time (父が自殺して
# 三年になります) is a bereavement told as time since, not a wish.
_EVENT_HEADS = frozenset(["自殺", "自死", "絶つ", "断つ"])
# 半年, 一年: a span of time written as one word.
_SPANS_OF_TIME = frozenset(["半年", "一年", "一ヶ月", "一月", "一週間"])
_TIME_UNITS = frozenset(
    ["年", "半年", "月", "ヶ月", "か月", "カ月", "箇月", "日", "週間", "周忌", "回忌"]
)
# A term with one of these (誰とも話, 何年も外に) is completed by a negation, not turned round.
_NEGATIVE_POLARITY = (
    "誰とも",
    "誰にも",
    "誰も",
    "何年も",
    "一度も",
    "ほとんど",
    "めったに",
    "全然",
)
# Words allowed between a pattern's tail and its closing word unless the rule lists its own.
_CLOSING_GLUE = frozenset(["が", "も", "は", "を", "の", "て", "居る", "てる"])
# Contracted ている (されてる, 読んでる, Kansai 殴られとる) comes out of Sudachi as one word,
# てる or とる; it is cut back into て + 居る so that a term written either way matches both.
_CONTRACTED_TEIRU = frozenset(["てる", "とる"])


@dataclass(frozen=True)
class Category:
    code: str
    score: float
    because: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"code": self.code, "score": self.score, "because": list(self.because)}


@dataclass(frozen=True)
class Analysis:
    crisis: bool
    categories: tuple[Category, ...]
    # Crisis words were found and set aside (negated, an idiom, the past, a story, the news):
    # the crisis model (NAV-15) needs to be surer to overrule that reading. Not in the API.
    set_aside: bool = False
    # The crisis rests on a rule that needs two things together (子ども&冷蔵庫が空,
    # 樹海+どうやって): too particular for the crisis model to overrule. Not in the API.
    paired: bool = False

    @property
    def codes(self) -> list[str]:
        return [category.code for category in self.categories]

    def as_dict(self) -> dict:
        return {"crisis": self.crisis, "categories": [c.as_dict() for c in self.categories]}


@dataclass(frozen=True)
class _Part:
    display: str
    lemma_key: str  # "|a|b|" of normalised forms, token-bounded
    reading: str  # hiragana reading, matched without token bounds
    surface: str  # normalised surface
    english: re.Pattern | None  # whole-word pattern for ASCII terms
    surface_only: bool = False  # "=死ね": the exact form, not every form of 死ぬ
    near: _Near | None = None  # a token pattern (lexicon.NEAR_RULES) instead of a word
    # Written as a stem (食事をもらえ, 叩くのがやめられ): it expects ない, which is part of its
    # meaning, so a negation after it does not turn it round.
    stem: bool = False
    whole_word: bool = False  # a short kana term: its surface must not sit inside a word
    # The lemma key without its case particles (を, が, は), as residents often drop them:
    # 友達いない, 金ない, 物投げてくる match 友達がいない, お金がない, 物を投げて.
    bare_key: str = ""
    # A term in another language (lexicon.FOREIGN_SELF_HARM): matched on the accent-folded
    # text, unless a negation stands right before or after it.
    foreign: re.Pattern | None = None
    # An English crisis term, set aside after a negation (I'm not suicidal); English terms of
    # the codes are not (no money, no friends say the trouble itself).
    deniable: bool = False


@dataclass(frozen=True)
class _Near:
    """A head word followed, through glue words only, by a tail (and maybe a closing word)."""

    heads: frozenset[str]
    glue: frozenset[str]
    tails: frozenset[str]
    then: frozenset[str]
    window: int
    declaration: bool = False  # the head alone counts, in any form but the listed ones
    # Each group: one of its words must be among the glue words (明日 + なんか + 来ない).
    requires: tuple[frozenset[str], ...] = ()
    # What may stand between the tail and its closing word (意味 + なんて + ない).
    between: frozenset[str] = _CLOSING_GLUE


@dataclass(frozen=True)
class _Rule:
    parts: tuple[_Part, ...]
    code: str
    weight: float
    crisis: bool
    whole_text: bool = False


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    norm: str
    reading: str
    pos: str
    pos2: str
    surface: str


class _Doc:
    """One normalised text with its tokens and the three views the lexicon is matched in."""

    def __init__(self, text: str, tokens: list[_Token]):
        self.text = text
        self.written = text
        self.tokens = tokens
        self.token_starts = [t.start for t in tokens]
        self.token_start_set = frozenset(self.token_starts)
        self.token_end_set = frozenset(t.end for t in tokens)
        pieces, self.key_index = [], {}
        position = 1
        for index, token in enumerate(tokens):
            self.key_index[position] = index
            pieces.append(token.norm)
            position += len(token.norm) + 1
        self.lemma_key = "|" + "|".join(pieces) + "|"
        self.reading = "".join(t.reading for t in tokens)
        self.reading_starts, offset = [], 0
        for token in tokens:
            self.reading_starts.append(offset)
            offset += len(token.reading)
        self.sentence_bounds = [0]
        for match in SENTENCE_END.finditer(text):
            self.sentence_bounds.append(match.end())
        # Keyed by the part's identity: parts live as long as the analyser, and hashing a
        # dataclass of eight fields on every look-up cost a third of the time.
        self._found: dict[int, set[tuple[int, int]]] = {}
        # A term in another language was found denied (Não vou me matar): set aside.
        self.foreign_denied = False
        # 死ぬ was found told as a death that happened (祖父が死にました): set aside.
        self.death_told = False
        self.sentence_of_token = [
            bisect.bisect_right(self.sentence_bounds, t.start) - 1 for t in tokens
        ]

    def sentence_text(self, sentence: int) -> str:
        start = self.sentence_bounds[sentence]
        end = (
            self.sentence_bounds[sentence + 1]
            if sentence + 1 < len(self.sentence_bounds)
            else len(self.text)
        )
        return self.text[start:end]

    @functools.cached_property
    def folded(self) -> str:
        """The text with Latin accents dropped, character for character (same offsets)."""
        return self.text.translate(_FOLD)

    def find(self, part: _Part) -> set[tuple[int, int]]:
        """Token spans [start, end) where the part occurs, in any of the views."""
        cached = self._found.get(id(part))
        if cached is None:
            cached = self._found[id(part)] = self._find(part)
        return cached

    def grams(self) -> set[str]:
        """Every one- and two-character piece of the three views: a cheap first filter."""
        grams: set[str] = set()
        for view in (self.text, self.lemma_key, self.reading):
            grams.update(view)
            grams.update(view[i : i + 2] for i in range(len(view) - 1))
        return grams

    def _add_key_spans(self, key: str, spans: set[tuple[int, int]]) -> None:
        """Every place the token key occurs in the text's normalised forms, as token spans."""
        length = key.count("|") - 1
        position = self.lemma_key.find(key)
        while position != -1:
            start = self.key_index.get(position + 1)
            if start is not None:
                spans.add((start, start + length))
            position = self.lemma_key.find(key, position + 1)

    def _find(self, part: _Part) -> set[tuple[int, int]]:
        if part.near is not None:
            return self._find_near(part.near)
        spans: set[tuple[int, int]] = set()
        if part.foreign is not None:
            folded = self.folded
            for match in part.foreign.finditer(folded):
                start, end = match.span()
                if _FOREIGN_DENIED_BEFORE.search(folded, max(0, start - 24), start) or (
                    _FOREIGN_DENIED_AFTER.match(folded, end)
                ):
                    self.foreign_denied = True
                    continue
                spans.add(self._char_span(start, end))
            return spans
        if part.english is not None:
            for match in part.english.finditer(self.text):
                start = match.start()
                if part.deniable and _FOREIGN_DENIED_BEFORE.search(
                    self.text, max(0, start - 24), start
                ):
                    self.foreign_denied = True  # I'm not suicidal, never self-harm
                    continue
                spans.add(self._char_span(start, match.end()))
            return spans
        if not part.surface_only:
            # The term as written, then without its case particles (金ない for 金がない).
            for key in (part.lemma_key, part.bare_key):
                if key and key in self.lemma_key:
                    self._add_key_spans(key, spans)
        if part.surface and part.surface in self.text:
            position = self.text.find(part.surface)
            while position != -1:
                end = position + len(part.surface)
                # A short kana word or a single character must be a whole word: がん is
                # not in がんばる, パート not in アパート, 親 not in 親友.
                if not part.whole_word or (
                    position in self.token_start_set and end in self.token_end_set
                ):
                    spans.add(self._char_span(position, end))
                position = self.text.find(part.surface, position + 1)
        if part.surface_only:
            return spans
        if len(part.reading) >= 3 and part.reading in self.reading:
            # Readings catch text written all in kana, which Sudachi often cuts differently
            # (かいご → かい|ご). A match must start where a word starts, and short ones must
            # also end where a word ends, so りょう (寮) is not found inside どうりょう (同僚).
            position = self.reading.find(part.reading)
            while position != -1:
                end = position + len(part.reading)
                first = bisect.bisect_right(self.reading_starts, position) - 1
                last = bisect.bisect_left(self.reading_starts, end)
                aligned_start = self.reading_starts[first] == position
                aligned_end = last >= len(self.reading_starts) or self.reading_starts[last] == end
                # Only where the resident wrote kana: 行きたくない must not read as 生きたくない.
                written = self.text[self.tokens[first].start : self.tokens[last - 1].end]
                if (
                    aligned_start
                    and not _going_somewhere(part.reading, self.tokens, first)
                    and (len(part.reading) >= 4 or aligned_end)
                    and _KANA_ONLY.match(written)
                ):
                    spans.add((first, max(last, first + 1)))
                position = self.reading.find(part.reading, position + 1)
        return spans

    def _find_near(self, near: _Near) -> set[tuple[int, int]]:
        if near.declaration:
            return self._find_declaration(near)
        spans: set[tuple[int, int]] = set()
        tokens = self.tokens
        for index, token in enumerate(tokens):
            if token.norm not in near.heads:
                continue
            glued: set[str] = set()
            for step in range(index + 1, min(index + 1 + near.window, len(tokens))):
                norm = tokens[step].norm
                if norm in near.tails:
                    if any(not (glued & group) for group in near.requires):
                        break
                    end = step + 1
                    if near.then:
                        end = self._closing(near, end)
                        if end is None:
                            break
                    spans.add((index, end))
                    break
                if tokens[step].pos2 == "数詞":
                    # 100錠, 30日分: any number may stand where the rule allows "#数";
                    # ten or more also counts as "#多" (many).
                    norm = "#数"
                    count = _number(tokens[step].surface)
                    if count >= 10:
                        glued.add("#多")
                    if count >= 50:
                        glued.add("#大量")  # 200錠買った: beyond any household stock
                if norm not in near.glue:
                    break
                glued.add(norm)
        return spans

    def _find_declaration(self, near: _Near) -> set[tuple[int, int]]:
        """死ぬ said of oneself or someone (もう死ぬ, 死ねたら, 死んでもいい), but not told as a
        past event (祖母が死んだ), an idiom (死ぬほど, 死ぬまでに) or an insult (死ね)."""
        spans: set[tuple[int, int]] = set()
        tokens = self.tokens
        for index, token in enumerate(tokens):
            if token.norm not in near.heads:
                continue
            following = [t.norm for t in tokens[index + 1 : index + 5]]
            first = following[0] if following else ""
            first_surface = tokens[index + 1].surface if following else ""
            if token.surface in ("死ね", "しね") and first not in ("た", "る", "れる"):
                continue  # 死ね is an insult (human_rights); 死ねたら is a wish
            if first in _NOT_A_DECLARATION:
                continue
            if self._curse_or_fear(index):
                continue
            after_past = following[1] if len(following) > 1 else ""
            conditional = first_surface in ("たら", "だら") or after_past in ("ら", "たら")
            if conditional and self._worry_after(index):
                continue
            told = (
                (first in ("た", "だ") and not conditional and after_past not in ("方", "ほう"))
                or (first == "ます" and after_past == "た" and not conditional)  # 死にました
                or (first in ("て", "で", "ちゃう") and _dying_told_as_past(following))
            )
            if told:
                # 金魚が死んだ, インコが死んでしまって: a death told, set aside like a
                # negation, so the crisis model must be surer to read a crisis into it.
                self.death_told = True
                continue
            if first in ("て", "で"):
                rest = following[1:]
                if rest[:1] == ["御"]:
                    rest = rest[1:]  # 死んでお詫びする
                allowed = (
                    ("も" in rest and any(n in ("良い", "いい", "構う") for n in rest))
                    or (bool(rest) and rest[0] in _AFTER_DYING)
                    or (
                        any(n in ("仕舞う", "しまう", "ちゃう") for n in rest)
                        and any(n in ("たい", "う", "よう") for n in rest)
                    )
                )
                if not allowed:
                    continue
            spans.add((index, index + 1))
        return spans

    def _curse_or_fear(self, index: int) -> bool:
        """死んじゃえ (a curse thrown at someone) or 死んでしまうのが怖い (a fear of dying)."""
        tokens = self.tokens
        step = index + 1
        if step < len(tokens) and tokens[step].norm in ("て", "で"):
            step += 1
        if step < len(tokens) and tokens[step].norm in ("ちゃう", "仕舞う", "しまう"):
            if tokens[step].surface.endswith("え"):
                return True  # 死んじゃえ, 死んでしまえ: the imperative, said to another
            step += 1
        if step < len(tokens) and tokens[step].norm in ("の", "こと", "事", "ん"):
            step += 1
            if step < len(tokens) and tokens[step].norm in ("が", "は", "も", "を"):
                step += 1
            if step < len(tokens) and tokens[step].norm in _FEAR:
                # ...but 死ぬのは怖くない says the fear is gone.
                after = tokens[step + 1] if step + 1 < len(tokens) else None
                return not (after is not None and after.norm in ("ない", "無い"))
        return False

    def _worry_after(self, index: int) -> bool:
        """死んだら followed by a worry about who is left (この子はどうなる, どうしよう)."""
        sentence = self.sentence_of_token[index]
        following = [
            t
            for i, t in enumerate(self.tokens[index + 1 : index + 14], start=index + 1)
            if self.sentence_of_token[i] == sentence
        ]
        rest = [t.norm for t in following]
        if any(n in _WORRY_AFTER for n in rest):
            return True
        if "どう" in rest:
            after = rest[rest.index("どう") + 1 :]
            if after[:1] == ["為る"]:
                return True  # どうしよう
            # この子はどうなる, 息子どうなる: someone named before どうなる (with or without
            # は) is the one whose future is the worry; a bare 死んだらどうなる is not.
            before = following[: rest.index("どう")]
            named = "は" in rest[: rest.index("どう")] or any(
                t.pos in ("名詞", "代名詞") for t in before
            )
            return named and "成る" in after[:2]
        return False

    def _closing(self, near: _Near, start: int) -> int | None:
        """The end of the span when a closing word (ない, わからない) follows the tail."""
        for step in range(start, min(start + 3, len(self.tokens))):
            norm = self.tokens[step].norm
            if norm in near.then:
                return step + 1
            if norm not in near.between:
                return None
        return None

    def _char_span(self, start: int, end: int) -> tuple[int, int]:
        first = bisect.bisect_right(self.token_starts, start) - 1
        last = bisect.bisect_left(self.token_starts, end)
        return max(first, 0), max(last, first + 1)


class Analyzer:
    """Holds the tokenizer and the compiled lexicon; build once, reuse for every text."""

    def __init__(self) -> None:
        # Sudachi tokenizers are not thread-safe; each thread gets its own (cheap: the
        # dictionary itself is shared and memory-mapped).
        self._dictionary = Dictionary(dict="core")
        self._local = threading.local()
        self._parts: dict[tuple[str, bool, bool], _Part] = {}
        self._rules = self._compile_rules()
        # Which codes each lexicon word can point to: a results address may carry the words
        # (never the resident's text) so that its reasons can quote them.
        self.word_codes: dict[str, frozenset[str]] = {}
        for rule in self._rules:
            for part in rule.parts:
                codes = {rule.code} | ({"mental_health"} if rule.code == "suicidal" else set())
                self.word_codes[part.display] = (
                    self.word_codes.get(part.display, frozenset()) | codes
                )
        # Which rules could match a text containing a given one- or two-character piece. A
        # rule is filed under one piece of each string its rarest word can be found by,
        # the piece the fewest lexicon strings share (死に rather than した), so a text
        # calls up few candidates.
        self._rules_by_gram: dict[str, list[int]] = {}
        self._always: list[int] = []
        shared = Counter(
            piece
            for rule in self._rules
            for part in rule.parts
            for _view, needle in _needles_of(part)
            for piece in set(_pieces(needle))
        )

        def best(needle: str) -> str:
            return min(_pieces(needle), key=lambda piece: (shared[piece], piece))

        for index, rule in enumerate(self._rules):
            plain = [needles for part in rule.parts if (needles := _needles_of(part))]
            if plain:
                rarest = min(plain, key=lambda needles: sum(shared[best(n)] for _v, n in needles))
                grams = {best(needle) for _view, needle in rarest}
            elif rule.parts[0].near is not None:
                self._always.append(index)
                continue
            else:
                grams = _grams_of(rule.parts[0])
            for gram in grams:
                self._rules_by_gram.setdefault(gram, []).append(index)
        # ...and what the other parts of a pair need too (学校 in 介護&学校), checked before
        # any matching: most pairs fail on their second word.
        self._later_grams: dict[int, tuple[frozenset[str], ...]] = {
            index: tuple(frozenset(_grams_of(part)) for part in rule.parts[1:])
            for index, rule in enumerate(self._rules)
            if len(rule.parts) > 1 and all(part.near is None for part in rule.parts)
        }
        # ...and, for every word of a rule, the strings of which one must be in the text's
        # views for `_find` to find it at all: a substring test per word throws out most
        # candidates before the costlier matching (about half the time of an analysis).
        self._needles: dict[int, tuple[tuple[tuple[int, str], ...], ...]] = {
            index: tuple(needles for part in rule.parts if (needles := _needles_of(part)))
            for index, rule in enumerate(self._rules)
        }
        # Exceptions must be exact: they match whole words only (no kana readings, no
        # substrings), so 自殺した (grief) never swallows 自殺したい or じさつしたい.
        self._idioms = [self._part(term, readings=False) for term in lexicon.IDIOMS]
        # ゲームで alone parses its で as the copula だ; in a sentence it is the particle.
        self._fiction = [
            _particle_de(self._part(t, readings=False)) for t in lexicon.FICTION_MARKERS
        ]
        self._past = [self._part(t, readings=False) for t in lexicon.PAST_MARKERS]
        self._delusion = [self._part(t, readings=False) for t in lexicon.DELUSION_MARKERS]
        self._still = [self._part(t, readings=False) for t in lexicon.STILL_MARKERS]
        self._memory = [self._part(t, readings=False) for t in lexicon.MEMORY_MARKERS]
        self._soft = frozenset(self._norms(term)[0] for term in lexicon.SOFT_SIDE_OF_SHINISOU)
        self._hard = frozenset(self._norms(term)[0] for term in lexicon.HARD_SIDE_OF_SHINISOU)
        self._think = frozenset(self._norms(t)[0] for t in lexicon.THINK_VERBS)
        self._quotatives = frozenset(lexicon.QUOTATIVES)
        self._tails = frozenset(self._norms(t)[0] for t in lexicon.DOUBLE_NEGATION_TAILS)

    # -- public -------------------------------------------------------------------------

    def analyse(self, text: str) -> Analysis:
        doc = self._doc(text)
        totals: dict[str, float] = {}
        because: dict[str, dict[str, None]] = {}
        crisis = paired = False
        aside: list[_Rule] = []
        idiom_spans = [span for part in self._idioms for span in doc.find(part)]
        matched = []
        candidates: set[int] = set(self._always)
        grams = doc.grams()
        for gram in grams:
            candidates.update(self._rules_by_gram.get(gram, ()))
        later = self._later_grams
        views = (doc.lemma_key, doc.text, doc.reading)
        for index in sorted(candidates):
            if index in later and any(grams.isdisjoint(g) for g in later[index]):
                continue
            if not all(
                any(needle in views[view] for view, needle in needles)
                for needles in self._needles[index]
            ):
                continue
            rule = self._rules[index]
            sentences, spans = self._matching_sentences(doc, rule, idiom_spans, aside)
            if sentences:
                literal = self._written_as(doc, rule, spans)
                matched.append((rule, sentences, spans, literal))
        # Variants of one word (寂しい, さみしい) count once per code. The wording shown is the
        # one the resident used when the lexicon has it, else the longest, most specific one.
        matched.sort(
            key=lambda m: (
                not m[0].crisis,
                -m[0].weight,
                not m[3],
                -sum(len(p.display) for p in m[0].parts),
            )
        )
        used: dict[str, list[tuple[int, int]]] = {}
        for rule, sentences, spans, _literal in matched:
            taken = used.setdefault(rule.code, [])
            if all(any(a < d and c < b for c, d in taken) for a, b in spans):
                continue
            taken.extend(spans)
            if rule.crisis:
                danger = rule.code != "suicidal"
                if danger and self._every_sentence_has(doc, sentences, self._fiction):
                    aside.append(rule)
                    continue  # ホラー映画で人が殺される: no sign of violence at home either
                if not self._crisis_holds(doc, sentences, danger=danger) or self._not_now(
                    doc, spans, danger=danger
                ):
                    # Still a sign of the trouble, though not of danger now.
                    aside.append(rule)
                    code = "mental_health" if rule.code == "suicidal" else rule.code
                    self._add(totals, because, code, lexicon.HINT, rule)
                    if rule.code == "child_abuse" and self._every_sentence_has(
                        doc, sentences, self._past
                    ):
                        # 子どもの頃、親に殴られて育った: an adult looking back, whose trouble
                        # now is the wound it left.
                        self._add(totals, because, "mental_health", lexicon.HINT * 2, rule)
                    continue
                crisis = True
                paired = paired or len(rule.parts) > 1
                if rule.code == "suicidal":
                    self._add(totals, because, "mental_health", lexicon.HINT, rule)
            self._add(totals, because, rule.code, rule.weight, rule)
        language = self._foreign_language(doc.written)
        if not language and any(p.foreign is not None for m in matched for p in m[0].parts):
            # 我想死, मर्न मन: too short for the script counts, but a foreign term was found.
            language = "外国語の文"
        if language:
            totals["foreign_language"] = totals.get("foreign_language", 0.0) + 3.0
            because.setdefault("foreign_language", {})[language] = None
        categories = sorted(
            (
                Category(code, round(1 - math.exp(-total / 2), 3), tuple(because[code]))
                for code, total in totals.items()
            ),
            key=lambda c: (-c.score, c.code),
        )
        return Analysis(
            crisis=crisis,
            categories=tuple(categories),
            set_aside=not crisis and (bool(aside) or doc.foreign_denied or doc.death_told),
            paired=paired,
        )

    def lemmas(self, text: str) -> list[str]:
        """The normalised words of a text, punctuation left out (the crisis model's words)."""
        return [t.norm for t in self._tokens(normalise(text)) if t.pos != "補助記号"]

    # -- building -----------------------------------------------------------------------

    @property
    def tokenizer(self):
        tokenizer = getattr(self._local, "tokenizer", None)
        if tokenizer is None:
            tokenizer = self._dictionary.tokenizer(mode=SplitMode.A)
            self._local.tokenizer = tokenizer
        return tokenizer

    def _compile_rules(self) -> list[_Rule]:
        rules: list[_Rule] = []
        for term in lexicon.SELF_HARM_TERMS:
            rules.append(self._rule(term, "suicidal", lexicon.CRISIS_WEIGHT, crisis=True))
        english = [("suicidal", t) for t in lexicon.ENGLISH_SELF_HARM] + [
            (code, t) for code, terms in lexicon.ENGLISH_DANGER.items() for t in terms
        ]
        for code, term in english:
            rule = self._rule(term, code, lexicon.CRISIS_WEIGHT, crisis=True)
            parts = tuple(
                dataclasses.replace(p, deniable=True) if p.english is not None else p
                for p in rule.parts
            )
            rules.append(dataclasses.replace(rule, parts=parts))
        for code, terms in lexicon.DANGER_TERMS.items():
            for term in terms:
                rules.append(self._rule(term, code, lexicon.CRISIS_WEIGHT, crisis=True))
        foreign = [("suicidal", t) for t in lexicon.FOREIGN_SELF_HARM] + [
            (code, t) for code, terms in lexicon.FOREIGN_DANGER.items() for t in terms
        ]
        for code, term in foreign:
            part = _Part(term, "", "", "", None, foreign=_foreign_pattern(term))
            rules.append(_Rule((part,), code, lexicon.CRISIS_WEIGHT, crisis=True))
        for code, terms in lexicon.FOREIGN_CODE_TERMS.items():
            for term, weight in terms.items():
                part = _Part(term, "", "", "", None, foreign=_foreign_pattern(term))
                rules.append(_Rule((part,), code, weight, crisis=False))
        for code, terms in lexicon.CODE_TERMS.items():
            for term, weight in terms.items():
                rules.append(self._rule(term, code, weight, crisis=False))
        for near in lexicon.NEAR_RULES:
            pattern = _Near(
                heads=self._norm_set(near["heads"]),
                glue=self._norm_set(near.get("glue", [])),
                tails=self._norm_set(near["tails"]),
                then=self._norm_set(near.get("then", [])),
                window=near.get("window", 5),
                declaration=near.get("declaration", False),
                requires=self._requirement_groups(near.get("requires", [])),
                between=(self._norm_set(near["between"]) if "between" in near else _CLOSING_GLUE),
            )
            part = _Part(near["label"], "", "", "", None, near=pattern)
            rules.append(_Rule((part,), near["code"], lexicon.CRISIS_WEIGHT, crisis=True))
        return rules

    def _requirement_groups(self, requires: list) -> tuple[frozenset[str], ...]:
        """`requires` is one list of words (one of them needed) or a list of such lists.
        Normalised like the glue, so a word written まとめる is found as Sudachi's 纏める."""
        if not requires:
            return ()
        if all(isinstance(word, str) for word in requires):
            return (self._norm_set(requires),)
        return tuple(self._norm_set(group) for group in requires)

    def _norm_set(self, words: list[str]) -> frozenset[str]:
        """Normalised forms of single words (a word Sudachi splits keeps its first piece)."""
        norms = set()
        for word in words:
            found = self._norms(word)
            norms.add(found[0] if len(found) == 1 else word)
            norms.add(word)
        return frozenset(norms)

    def _rule(self, term: str, code: str, weight: float, *, crisis: bool) -> _Rule:
        # "a+b": both in one sentence; "a&b": both anywhere in the text.
        whole_text = "&" in term
        pieces = re.split(r"[+&]", term)
        # A one-character term on its own (親, 母) is a word; inside a pair (子+置き去り) it may
        # stand for any word it begins (子ども, 子供).
        parts = tuple(self._part(p, standalone=len(pieces) == 1) for p in pieces)
        return _Rule(parts, code, weight, crisis, whole_text)

    def _part(self, term: str, *, readings: bool = True, standalone: bool = False) -> _Part:
        # One object per term, so a text's matches are found once and shared by every rule.
        key = (term, readings, standalone)
        part = self._parts.get(key)
        if part is None:
            part = self._parts[key] = self._build_part(
                term, readings=readings, standalone=standalone
            )
        return part

    def _build_part(self, term: str, *, readings: bool, standalone: bool) -> _Part:
        if term.startswith("="):
            surface = normalise(term[1:])
            return _Part(term[1:], "", "", surface, None, surface_only=True)
        if _ASCII_TERM.match(term):
            pattern = re.compile(r"(?<![a-z0-9])" + re.escape(term.lower()) + r"(?![a-z0-9])")
            return _Part(term, "", "", "", pattern)
        tokens = self._tokens(normalise(term))
        surface = normalise(term)
        kept = [t.norm for t in tokens if not (t.pos == "助詞" and t.norm in _DROPPABLE)]
        bare_key = "|" + "|".join(kept) + "|" if 2 <= len(kept) < len(tokens) else ""
        return _Part(
            bare_key=bare_key,
            stem=term[-1] in _E_ROW or any(w in term for w in _NEGATIVE_POLARITY),
            whole_word=(standalone and len(surface) == 1)
            or (len(surface) <= 3 and bool(_KANA_ONLY.match(surface))),
            display=term,
            lemma_key="|" + "|".join(t.norm for t in tokens) + "|",
            reading="".join(t.reading for t in tokens) if readings else "",
            surface=normalise(term) if readings else "",
            english=None,
        )

    def _norms(self, term: str) -> list[str]:
        return [t.norm for t in self._tokens(normalise(term))]

    def _tokens(self, text: str) -> list[_Token]:
        # The crisis model tokenises the text the lexicon has just read (`lemmas`): the last
        # result of this thread is kept, so that costs nothing. Never mutated by callers.
        last = getattr(self._local, "last_tokens", None)
        if last is not None and last[0] == text:
            return last[1]
        tokens = self._tokenise(text)
        self._local.last_tokens = (text, tokens)
        return tokens

    def _tokenise(self, text: str) -> list[_Token]:
        tokens = []
        for m in self.tokenizer.tokenize(text):
            pos = m.part_of_speech()
            norm = m.normalized_form().lower()
            surface = m.surface()
            reading = jaconv.kata2hira(m.reading_form())
            start, end = m.begin(), m.end()
            if pos[0] == "空白":
                # Spaces are no words: おかあさん ずっと かえってこない (a child's spaced
                # writing) reads as the same words run together.
                continue
            if norm in _CONTRACTED_TEIRU and len(surface) == 2:
                tokens.append(_Token(start, start + 1, "て", reading[:1], "助詞", "", surface[0]))
                tokens.append(_Token(start + 1, end, "居る", reading[1:], "動詞", "", surface[1]))
                continue
            if _is_negation(norm, surface, pos[0], tokens):
                # 出ず, 出ません, わからん, 行かへん, できひん all say 出ない: one spelling
                # lets a term written with ない match them all.
                previous = tokens[-1] if tokens else None
                if previous is not None and previous.norm == "ます" and previous.end == start:
                    tokens.pop()
                    start, reading = previous.start, previous.reading + reading
                    surface = previous.surface + surface
                tokens.append(_Token(start, end, "ない", reading, "助動詞", "", surface))
                continue
            tokens.append(_Token(start, end, norm, reading, pos[0], pos[1], surface))
        return tokens

    def _doc(self, text: str) -> _Doc:
        normal = normalise(text)
        if _KATAKANA_ONLY.match(normal):
            # ｲｷﾃﾙｲﾐﾅｲ ｷｴﾏｽ: a text all in katakana is one unknown word to Sudachi; read
            # as hiragana, its words are found by reading like any text written in kana.
            normal = jaconv.kata2hira(normal)
        kana = _romaji_view(normal)
        if kana:
            # Japanese typed in Latin letters (shinitai, otto ga nagurimasu) is read a second
            # time in kana, appended as its own sentences; the language is judged on the
            # text as written, so it still counts as a foreign-language text.
            doc = _Doc(normal + "\n" + kana, self._tokens(normal + "\n" + kana))
            doc.written = normal
            return doc
        return _Doc(normal, self._tokens(normal))

    # -- matching -----------------------------------------------------------------------

    def _matching_sentences(
        self, doc: _Doc, rule: _Rule, idioms: list, aside: list[_Rule]
    ) -> tuple[set[int], list[tuple[int, int]]]:
        """Sentences in which every part of the rule occurs, not negated, and the spans.
        A crisis rule with a part set aside (negated, inside an idiom) is added to `aside`."""
        common: set[int] | None = None
        found: list[tuple[int, int]] = []
        for part in rule.parts:
            sentences = set()
            for span in doc.find(part):
                if not part.stem and self._negated(doc, span):
                    if rule.crisis:
                        aside.append(rule)
                    continue
                if rule.crisis and (
                    self._inside_idiom(doc, span, idioms) or self._time_since(doc, span)
                ):
                    aside.append(rule)
                    continue
                sentences.add(doc.sentence_of_token[min(span[0], len(doc.tokens) - 1)])
                found.append(span)
            if rule.whole_text and sentences:
                common = sentences if common is None else common | sentences
                continue
            common = sentences if common is None else common & sentences
            if not common:
                return set(), []
        return common or set(), found

    def _inside_idiom(self, doc: _Doc, span: tuple[int, int], idioms: list) -> bool:
        start, end = span
        for i_start, i_end in idioms:
            overlaps = i_start < end and start < i_end
            if overlaps and (i_end - i_start) >= (end - start):
                return True
        if doc.tokens[start].norm == "死ぬ" and doc._curse_or_fear(start):
            return True  # 死んでしまうのが怖い (a listed term too), 死んじゃえ
        if self._degree_of_something_else(doc, end):
            return True
        key = "|" + "|".join(t.norm for t in doc.tokens[start:end]) + "|"
        # In kana Sudachi may not see 死ぬ at all (あつくて しにそう: し|に|そう); the reading
        # still says it.
        reading = "".join(t.reading for t in doc.tokens[start:end])
        dying = _SHINU in key or reading.startswith(("しに", "しぬ"))
        if dying and "|たい|" not in key and "たい" not in reading and "|しか|" not in key:
            # 眠くて死にそう, 暑すぎて死ぬ, 尊すぎて死ぬ are intensifiers; つらくて死にそう and
            # 死にたい stay a crisis whatever surrounds them.
            sentence = doc.sentence_of_token[start]
            around = [*range(max(0, start - 6), start), *range(end, min(end + 4, len(doc.tokens)))]
            same = [i for i in around if doc.sentence_of_token[i] == sentence]
            soft = any(
                doc.tokens[i].norm in self._soft or doc.tokens[i].surface.startswith(_SOFT_KANA)
                for i in same
            )
            hard = any(doc.tokens[i].norm in self._hard for i in same)
            if soft and not hard:
                return True
        return False

    def _degree_of_something_else(self, doc: _Doc, end: int) -> bool:
        """消えたいくらい恥ずかしい, 死にたいほど笑った: the wish only measures a feeling
        that is no distress. 消えたいくらいつらい keeps its crisis."""
        tokens = doc.tokens
        # 死んでもいいくらい幸せ: "even if I died" before the measure.
        if [t.norm for t in tokens[end : end + 3]] in (["で", "も", "良い"], ["て", "も", "良い"]):
            end += 3
        while end < len(tokens) and tokens[end].surface in _ELLIPSIS:
            end += 1  # 死にたい…くらい恥ずかしい: a pause before the measure
        if end >= len(tokens) or tokens[end].norm not in _DEGREE:
            return False
        after = [t.norm for t in tokens[end + 1 : end + 5]]
        surfaces = "".join(t.surface for t in tokens[end + 1 : end + 5])
        soft = any(n in self._soft for n in after) or "笑" in surfaces
        return soft and not any(n in self._hard for n in after)

    @staticmethod
    def _time_since(doc: _Doc, span: tuple[int, int]) -> bool:
        """父が自殺して三年になります: a death told by the time since it happened."""
        if doc.tokens[span[1] - 1].norm not in _EVENT_HEADS:
            return False
        norms = [t.norm for t in doc.tokens[span[1] : span[1] + 5]]
        pos2 = [t.pos2 for t in doc.tokens[span[1] : span[1] + 5]]
        step = 1 if norms[:1] == ["為る"] else 0
        if norms[step : step + 1] == ["て"]:
            step += 1
            if norms[step : step + 1] == ["から"]:
                step += 1  # 自殺してから十年
        elif norms[step : step + 1] == ["から"]:
            step += 1  # 父の自死から5年
        else:
            return False
        if step < len(norms) and norms[step] in ("もう", "早", "もう少し"):
            step += 1
        if step < len(norms) and norms[step] in _SPANS_OF_TIME:
            return True  # 自殺して半年: a span named in one word
        return step + 1 < len(norms) and pos2[step] == "数詞" and norms[step + 1] in _TIME_UNITS

    def _negated(self, doc: _Doc, span: tuple[int, int]) -> bool:
        if self._safety_question(doc, span):
            return True
        if self._denial(doc, span):
            return not self._pretence(doc, span)
        return False

    @staticmethod
    def _safety_question(doc: _Doc, span: tuple[int, int]) -> bool:
        """2回分まとめて飲んでいい？, 二錠まとめて飲んでも大丈夫？: asking whether a double
        dose is safe is a health question, unless the whole stock is named (全部飲んでいい？)."""
        tokens = doc.tokens
        sentence = doc.sentence_of_token[min(span[0], len(tokens) - 1)]
        start = span[0]
        while start > 0 and doc.sentence_of_token[start - 1] == sentence:
            start -= 1
        matched = tokens[start : span[1]]
        # Only about medicine: 飛んでもええかな is no dose question.
        if not any(m in t.surface for t in matched for m in _MEDICINE_MARKS):
            return False
        if any(t.norm in _WHOLE_STOCK for t in matched):
            return False
        norms = [t.norm for t in tokens[span[1] : span[1] + 6]]
        if norms[:1] not in (["て"], ["で"]):
            return False
        rest = norms[1:]
        if rest[:1] == ["も"]:
            rest = rest[1:]
        if not rest or rest[0] not in _SAFE:
            return False
        rest = [n for n in rest[1:] if n not in ("です", "の", "ん", "でしょう", "だ")]
        return bool(rest) and rest[0] in ("?", "か")

    @staticmethod
    def _pretence(doc: _Doc, span: tuple[int, int]) -> bool:
        """A denial the writer calls a pretence: ...って自分に言い聞かせてる, 平気なふり."""
        sentence = doc.sentence_of_token[min(span[0], len(doc.tokens) - 1)]
        for index in range(span[1], min(span[1] + 16, len(doc.tokens))):
            if doc.sentence_of_token[index] != sentence:
                break
            if doc.tokens[index].norm in _PRETENCE:
                return True
        return False

    def _denial(self, doc: _Doc, span: tuple[int, int]) -> bool:
        following = []
        tokens = doc.tokens[span[1] : span[1] + 12]
        # 自殺したいとは思ってない: the noun matched, its したい continues the same wish.
        if [t.norm for t in tokens[:2]] == ["為る", "たい"]:
            tokens = tokens[2:]
        for position, token in enumerate(tokens):
            if token.surface in _ELLIPSIS and not following:
                # 消えたい…なんて思ってない: dots trailing before the quotative, not a full stop.
                rest = [t for t in tokens[position:] if t.surface not in _ELLIPSIS]
                if rest and rest[0].norm in self._quotatives:
                    continue
            if token.surface in _CLAUSE_SURFACES or token.norm in _CLAUSE_CONJUNCTIONS:
                break
            if token.pos in ("空白",) or token.surface in _CLOSING_QUOTES:
                continue  # 「死にたい」と思ったことはない: the quote closes, the clause goes on
            following.append(token)
        if not following:
            return False
        first = following[0]
        if first.pos == "助動詞" and first.norm in ("ない", "ぬ", "ず"):
            return True
        norms = [t.norm for t in following]
        if norms[0] in ("は", "も") and len(norms) > 1 and norms[1] in _NEGATORS:
            return True  # 死にたくはない
        if norms[0] == "こと" and doc.tokens[span[1] - 1].norm == "た":
            norms = ["た", *norms]  # 死のうとした|ことはない: the past closed the term
        if _never_done(norms):
            return True  # 手を上げたことはない, 殴られたりはしてない
        feelings = ("気持ち", "考え", "思い")
        named = doc.tokens[span[1] - 1].norm in feelings  # the term 死にたい気持ち itself
        if named or norms[0] in feelings:
            # 死にたい気持ちはない, 死にたい気持ちはございません: the feeling named, then
            # denied. Only a feeling: この世に未練はありません says the crisis itself.
            rest = norms if named else norms[1:]
            if rest[:1] in (["は"], ["も"]) and (
                (rest[1:2] and rest[1] in _NEGATORS)
                or rest[1:3] in (["有る", "ない"], ["御座る", "ない"])
            ):
                return True
        # 首吊り用じゃなくて, 自殺ではない: a copula denied (a suffix like 用 may come first).
        copula = norms[1:] if following[0].pos == "接尾辞" else norms
        if copula[:1] == ["だ"] and copula[1:2] and copula[1] in _NEGATORS:
            return True
        if copula[:2] == ["で", "は"] and copula[2:3] and copula[2] in _NEGATORS:
            return True
        # 〜とは思わない, 〜なんて思っていない, 〜と思ったことはない, 〜わけではない: the
        # negation must close the verb of thinking itself, not a later word (死にたいと思う
        # 気持ちが止まらない is not a negation).
        index = self._past_quotatives(norms, 0)
        if index:
            # 消えたいとか死にたいとかは思っていない: a second wish listed before the denial.
            listed = next(
                (k for k in range(index + 1, min(index + 5, len(norms))) if norms[k] in _LISTING),
                None,
            )
            if listed is not None and not any(
                n in _NEGATORS or n in self._think for n in norms[index:listed]
            ):
                index = self._past_quotatives(norms, listed)
            # 死にたいとは全然思わない, 消えたいとかは全くない: the adverb only strengthens.
            while index < len(norms) and norms[index] in _DENIAL_ADVERBS:
                index += 1
            rest = norms[index:]
            if rest[:1] == ["か"]:
                rest = rest[1:]  # とか cut as と|か
            if rest[:1] and rest[0] in _NEGATORS:
                return True  # 死にたいとかはないです
            if rest[:1] in (["ほど"], ["程"]):
                rest = rest[1:]  # 死にたいってほどじゃない
            if rest[:1] == ["だ"] and rest[1:2] and rest[1] in _NEGATORS:
                return True  # 死にたいとかじゃない
            if rest[:2] == ["で", "は"] and rest[2:3] and rest[2] in _NEGATORS:
                return True  # 死にたいとかではない
            if any(n in _OVERSTATED for n in rest[:5]):
                return True  # 死にたいとか言うたら大げさやけど
            if rest[:1] in (["は"], ["も"]):
                rest = rest[1:]
            if rest[:1] in (["行く"], ["言う"]) and any(n in _NEGATORS for n in rest[1:4]):
                return True  # 死にたいまではいってない (Sudachi reads いって as 言う)
            negation = _first_negator(rest)  # rest[0] itself was handled above
            if (
                negation
                and _VAGUE_DENIAL.issuperset(rest[:negation])
                and not _POINTING_BACK.isdisjoint(rest[:negation])
            ):
                return True  # 死にたいとかそういう様子もない, 消えたいとかそんなんはない
        if index == 0 and norms[0] not in ("わけ", "訳"):
            return False
        # リスカとかしたことない, 自殺なんてしない: the act itself denied, after a quotative.
        if index == len(norms) or not (
            norms[index] in self._think or norms[index] in ("わけ", "訳", "為る")
        ):
            return False
        index += 1
        while index < len(norms) and norms[index] in _BETWEEN_VERB_AND_NEGATION:
            index += 1
        if index == len(norms) or norms[index] not in _NEGATORS:
            return False
        rest = norms[index + 1 :]
        double = rest and rest[0] in self._tails and any(n in _NEGATORS for n in rest[1:4])
        return not double

    def _past_quotatives(self, norms: list[str], index: int) -> int:
        """The index after the quotatives from `index` on (と, とか cut as と|か, なんて)."""
        while index < len(norms) and (
            norms[index] in self._quotatives
            or (norms[index] == "か" and index and norms[index - 1] == "と")  # とかは思ってない
        ):
            index += 1
        return index

    def _crisis_holds(self, doc: _Doc, sentences: set[int], *, danger: bool = False) -> bool:
        """A crisis word counts unless its sentence is about a story or long past, or (for
        danger from others) a fear voiced by dementia or delusion (父が「殺される」と騒ぐ)."""
        for sentence in sentences:
            text = doc.sentence_text(sentence)
            if any(self._mentions(doc, part, sentence) for part in self._fiction):
                continue
            if danger and self._voiced_delusion(doc, sentence):
                continue
            if _joking(doc, sentence):
                continue
            past = any(self._mentions(doc, part, sentence) for part in self._past)
            still = any(self._mentions(doc, part, sentence) for part in self._still)
            # 今でも夢に見る, 今も思い出す: the memory goes on, not the act.
            if still and any(self._mentions(doc, part, sentence) for part in self._memory):
                still = False
            # 子どもの頃から (since then, so still) but not 親から殴られた (from whom).
            if past and not still and not _SINCE.search(text):
                continue
            return True
        return False

    def _every_sentence_has(self, doc: _Doc, sentences: set[int], markers: list) -> bool:
        """Each of the sentences holds one of the marker words (a story, a past telling)."""
        return all(
            any(self._mentions(doc, part, sentence) for part in markers) for sentence in sentences
        )

    def _not_now(self, doc: _Doc, spans: list[tuple[int, int]], *, danger: bool) -> bool:
        """Told, not lived now: the news (オーバードーズのニュース, only where the word is a
        noun, so ニュースを見て死にたくなった stays), one's own past deed (手をあげてしまった
        ことがある) or someone's past wish since settled (…と相談された。今は元気)."""
        tokens = doc.tokens
        for start, end in spans:
            sentence = doc.sentence_of_token[min(start, len(tokens) - 1)]
            same = [i for i in range(len(tokens)) if doc.sentence_of_token[i] == sentence]
            norms = [tokens[i].norm for i in same]
            nominal = all(t.pos == "名詞" for t in tokens[start:end])
            if nominal and any(n in _REPORTS for n in norms):
                continue
            after = "|" + "|".join(t.norm for t in tokens[end : same[-1] + 1]) + "|"
            past = "|た|" in after or tokens[end - 1].norm == "た"
            if danger and past and "|こと|が|有る|" in after:
                continue
            if past and self._settled_since(doc, sentence, end):
                continue
            if danger and _feared_not_done(tokens, start, end):
                continue
            return False
        return bool(spans)

    @staticmethod
    def _settled_since(doc: _Doc, sentence: int, after: int) -> bool:
        """Later words say it is over now: 今は元気, 今は落ち着いている, in a later sentence
        or later in the same one (「消えたい」って言ってた友達、今は元気になった)."""
        tokens = doc.tokens
        for index, token in enumerate(tokens):
            if index < after or doc.sentence_of_token[index] < sentence or token.norm != "今":
                continue
            # 今はカウンセリングにつながって元気になった: a few words may come between...
            following = [t.norm for t in tokens[index + 1 : index + 10]]
            # ...but 今は元気なふりしてる is a pretence, not an end to it.
            if (
                following[:1] == ["は"]
                and any(n in _SETTLED for n in following)
                and not any(n in _PRETENCE for n in following)
            ):
                return True
        return False

    def _voiced_delusion(self, doc: _Doc, sentence: int) -> bool:
        """認知症の父が「殺される」と騒ぐ: a fear said by someone with dementia or delusions.
        Harm done to them (認知症の母を叩いてしまう) is not voiced, so it stays a danger."""
        if not any(self._mentions(doc, part, sentence) for part in self._delusion):
            return False
        if "「" in doc.sentence_text(sentence):
            return True
        return any(
            t.norm in _VOICING
            for i, t in enumerate(doc.tokens)
            if doc.sentence_of_token[i] == sentence
        )

    def _mentions(self, doc: _Doc, part: _Part, sentence: int) -> bool:
        return any(
            doc.sentence_of_token[min(start, len(doc.tokens) - 1)] == sentence
            for start, _ in doc.find(part)
        )

    @staticmethod
    def _written_as(doc: _Doc, rule: _Rule, spans: list[tuple[int, int]]) -> bool:
        """Whether the resident wrote the words as the lexicon does (conjugation aside)."""
        written = {doc.text[doc.tokens[a].start : doc.tokens[b - 1].end] for a, b in spans}
        return all(
            any(w.startswith(p.surface[: max(1, len(p.surface) - 1)]) for w in written)
            for p in rule.parts
        )

    @staticmethod
    def _add(totals, because, code: str, weight: float, rule: _Rule) -> None:
        totals[code] = totals.get(code, 0.0) + weight
        words = because.setdefault(code, {})
        for part in rule.parts:
            words[part.display] = None

    @staticmethod
    def _foreign_language(text: str) -> str | None:
        """Name the kind of foreign-language text, or None when it reads as Japanese."""
        kana = len(_KANA.findall(text))
        cjk = len(_CJK.findall(text))
        if len(_HANGUL.findall(text)) >= 3:
            return "韓国・朝鮮語の文"
        latin_words = _LATIN_WORD.findall(text)
        latin = sum(len(w) for w in latin_words)
        if len(latin_words) >= 3 and latin >= (kana + cjk):
            return "外国語（英語など）の文"
        if kana == 0 and cjk >= 6 and any(ch in _CHINESE_ONLY for ch in text):
            return "中国語の文"
        return None


def _dying_told_as_past(following: list[str]) -> bool:
    """死んでしまった, 死んじゃった, 死んでしまって: a death that happened. 死んでしまった
    方がいい, 死んじゃったら, 死んでしまって楽になりたい still speak of one's own."""
    rest = following[1:] if following[:1] in (["て"], ["で"]) else following
    if rest[:1] not in (["しまう"], ["仕舞う"], ["ちゃう"]) or len(rest) < 2:
        return False
    after = rest[2:4]
    if rest[1] == "た":
        return not any(n in ("方", "ほう", "ら", "たら") for n in after)
    if rest[1] == "て":
        return not any(n in ("たい", "楽", "良い", "いい") for n in after)
    return False


def _joking(doc: _Doc, sentence: int) -> bool:
    """The writer says the words were a joke, in the sentence or the next (前髪切りすぎた
    死にたい。いや冗談やけど; 鬼ごっこで「殺すぞー」). Said to be serious (冗談じゃなく,
    本気で), or said as a joke to hide it (冗談みたいに言うけど), it stays a crisis."""
    text = doc.sentence_text(sentence)
    if sentence + 1 < len(doc.sentence_bounds):
        text += doc.sentence_text(sentence + 1)
    return bool(_JOKE.search(text)) and not _EARNEST.search(text)


def _number(text: str) -> int:
    digits = "".join(ch for ch in text if ch.isdigit())
    return int(digits) if digits else (10 if any(ch in "十百千" for ch in text) else 0)


def _is_negation(norm: str, surface: str, pos: str, before: list[_Token]) -> bool:
    """The auxiliary of negation in its written-down or Kansai forms (ず, ん, へん, ひん)."""
    if pos == "助動詞" and norm == "ず":
        return True
    after_verb = bool(before) and before[-1].pos in ("動詞", "助動詞")
    return after_verb and surface in ("へん", "ひん")


def _romaji_view(text: str) -> str:
    """The text's Latin-letter words read as romaji, or "" when they do not read so.

    A word reads as romaji when jaconv turns it wholly into kana (want, tonight, please
    keep stray consonants); the text does when two thirds of its words of three letters
    or more do, so English with a place name (help me in osaka) stays English."""
    words = _ROMAJI_WORD.findall(text)
    long_words = [w for w in words if len(w) >= 3]
    if not long_words:
        return ""
    kana = {w: jaconv.alphabet2kana(w) for w in words}
    readable = {w for w, k in kana.items() if _ROMAJI_KANA.match(k)}
    if 3 * sum(w in readable for w in long_words) < 2 * len(long_words):
        return ""
    view = _ROMAJI_WORD.sub(lambda m: kana[m.group()] if m.group() in readable else "", text)
    # Japanese is written without spaces; Sudachi cuts おっとがなぐります better than
    # おっと が なぐります.
    return re.sub(r"(?<=[ぁ-ゖ]) +(?=[ぁ-ゖ])", "", view).strip()


def _going_somewhere(reading: str, tokens: list[_Token], first: int) -> bool:
    """学校いきたくない, 会社にいきたくない: kana いき after a place or に/へ is 行く."""
    if not reading.startswith("いき") or first == 0:
        return False
    before = tokens[first - 1]
    return before.pos == "名詞" or before.norm in ("に", "へ", "まで")


def _feared_not_done(tokens: list, start: int, end: int) -> bool:
    """叩いてしまいそうで怖い。まだ叩いたことはない: afraid of hitting, and has not. Not for
    killing or choking (殺してしまいそうで怖い stays a danger) nor 叩きそうになった (nearly)."""
    if any(t.norm in _GRAVE_ACTS for t in tokens[start:end]):
        return False
    after = [t.norm for t in tokens[end : end + 6]]
    if "そう" not in after:
        return False
    rest = after[after.index("そう") + 1 :]
    if not (rest[:1] in (["だ"], ["で"]) and any(n in _FEAR for n in rest[1:3])):
        return False
    # ...and says so (まだ叩いたことはない, まだ手は出していない); the fear alone is still
    # treated as a danger, as a parent near losing control.
    later = [t.norm for t in tokens[end : end + 24]]
    for index, norm in enumerate(later):
        window = later[index : index + 8]
        if (
            norm in ("未だ", "まだ")
            and any(n in _HANDS_ON for n in window)
            and any(n in ("ない", "無い") for n in window)
        ):
            return True
    return False


def _particle_de(part: _Part) -> _Part:
    if part.display.endswith("で") and part.lemma_key.endswith("|だ|"):
        return _replace(part, lemma_key=part.lemma_key[: -len("だ|")] + "で|")
    return part


_LEMMA_VIEW, _TEXT_VIEW, _READING_VIEW = 0, 1, 2


def _pieces(needle: str) -> list[str]:
    """The one- or two-character pieces of a string (what `_Doc.grams` collects)."""
    return [needle[i : i + 2] for i in range(len(needle) - 1)] or [needle]


def _needles_of(part: _Part) -> tuple[tuple[int, str], ...]:
    """What `_Doc._find` looks for, as (view, string) pairs: the part can only match a text
    whose view holds one of them. Empty for parts matched otherwise (patterns, foreign and
    English terms), which are never thrown out by this test."""
    if part.near is not None or part.foreign is not None or part.english is not None:
        return ()
    needles = [(_TEXT_VIEW, part.surface)] if part.surface else []
    if not part.surface_only:
        needles += [(_LEMMA_VIEW, key) for key in (part.lemma_key, part.bare_key) if key]
        if len(part.reading) >= 3:
            needles.append((_READING_VIEW, part.reading))
    return tuple(needles)


def _grams_of(part: _Part) -> set[str]:
    """The leading one- or two-character pieces that must be in a text for the part to match."""
    if part.foreign is not None:
        # The text's grams are taken before folding: a folded term may match an accented
        # text, so its first character is looked for in every accented spelling.
        first = part.foreign.pattern.removeprefix(_LATIN_START)[:1]
        return {ch for ch, folded in _FOLD_TABLE_CHARS.items() if folded == first} | {first}
    if part.english is not None:
        return {part.display.lower()[:2]}
    views = [part.lemma_key[1:], part.surface, part.reading if len(part.reading) >= 3 else ""]
    return {view[:2] for view in views if view}


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _build_fold() -> dict[int, str]:
    """Latin letters with accents (ã, ế, ñ; đ by hand) to their bare letter, one for one.
    Other scripts are left alone: Devanagari and Hangul lose meaning without their marks."""
    table = {ord("đ"): "d", ord("Đ"): "d"}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii() and base.isalpha():
            table[code] = base.lower()
    return table


_FOLD = _build_fold()
_FOLD_TABLE_CHARS = {chr(code): folded for code, folded in _FOLD.items()}
_LATIN_START = r"(?<![a-z0-9])"


def _foreign_pattern(term: str) -> re.Pattern:
    """A lexicon term in another language as a pattern on the folded text: Latin words whole
    (a trailing * lets the last one run on), spaces loose; other scripts anywhere."""
    runs_on = term.endswith("*")
    folded = _fold(normalise(term.rstrip("*")))
    body = r"\s+".join(re.escape(word) for word in folded.split())
    if folded.isascii():
        return re.compile(_LATIN_START + body + ("" if runs_on else r"(?![a-z0-9])"))
    return re.compile(body)


def _denial_pattern() -> tuple[re.Pattern, re.Pattern]:
    words = "|".join(re.escape(_fold(w)) for w in lexicon.FOREIGN_NEGATIONS_BEFORE)
    cjk = "".join(lexicon.FOREIGN_NEGATIONS_BEFORE_CJK)
    before = re.compile(rf"(?:(?<![a-z])(?:{words})(?:\s+[a-z']+)?\s+|[{cjk}])$")
    after = "|".join(
        r"\s*".join(map(re.escape, w.split())) for w in lexicon.FOREIGN_NEGATIONS_AFTER
    )
    return before, re.compile(rf"\s*(?:{after})")


def normalise(text: str) -> str:
    """One spelling for one word: width, case, stretched and small kana, known misspellings."""
    text = jaconv.normalize(unicodedata.normalize("NFKC", text), "NFKC").lower()
    text = _STRETCH_AFTER_HIRAGANA.sub("", text)
    text = _REPEATS.sub(r"\1", text)
    text = re.sub(r"(?<=[ぁ-ゖ])[ぁぃぅぇぉ]", lambda m: m.group().translate(_SMALL_KANA), text)
    # しぬ written alone in kana is cut as し|ぬ (する + negation) after punctuation.
    text = _LONE_SHINU.sub("死ぬ", text)
    # Kansai volitional 死んだろ(か) is 死のう; 死んだろう (has probably died) is not.
    text = _KANSAI_VOLITIONAL.sub(lambda m: _KANSAI_TO_STANDARD[m.group(1)], text)
    text = _KANA_IKIRU.sub("生き", text)
    # Kyushu 死にたか, 消えたか is 死にたい (死にたかった, 死にたかろう stay as they are).
    text = _KYUSHU_TAI.sub(r"\1たい", text)
    for wrong, right in lexicon.SPELLING_FIXES.items():
        if wrong in text:
            text = text.replace(wrong, right)
    return text


_FOREIGN_DENIED_BEFORE, _FOREIGN_DENIED_AFTER = _denial_pattern()


@functools.cache
def get_analyzer() -> Analyzer:
    """The one analyser of this process (dictionary loading and lexicon compiling take ~1s)."""
    return Analyzer()


def analyse(
    text: str,
    *,
    crisis_model: CrisisModel | None = None,
    codes_models: second_opinion.Models | None = None,
) -> Analysis:
    """The lexicon's reading of the text, judged again for crisis by the crisis model (NAV-15)
    and completed by the second opinion (NAV-14). The models given replace the shipped ones
    (the evaluation trains them without the set it measures)."""
    # Imported here: both build on this module's types.
    from .crisis_model import judge
    from .second_opinion import complete

    text = text[:MAX_TEXT_LENGTH]
    lexical = get_analyzer().analyse(text)
    return complete(judge(lexical, text, crisis_model, codes_models), text, codes_models)
