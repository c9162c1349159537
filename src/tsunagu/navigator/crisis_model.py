"""A second judge of crisis: logistic regression over character n-grams (NAV-15).

The lexicon (analysis.py) explains itself, but it only knows wording someone wrote down: on
each set of sentences written by someone who had not seen it, it found 64–76 % of the crises.
A linear model over character n-grams, trained on every labelled sentence the project has,
found about nine in ten on the same kind of set. So the two judge together (`judge`): the
model raises a crisis the lexicon missed, and the lexicon's crisis stands unless the model is
all but sure a short text is calm; the lexicon keeps what n-grams cannot see (negation, the
past, a story).

Training needs scikit-learn (the `test` extra) and runs only by hand, `tsunagu
train_crisis_model`, which writes data/navigator/crisis_model.json: an n-gram's inverse
document frequency and weight, and the digest of the sentences it learnt from. The site
only reads that file and scores in plain Python, so no process loads SciPy. A test fails when
the labelled sentences change and the file was not trained again; train again too when
`features` or the lexicon's `normalise` change (and bump FORMAT if the file's shape does).
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tsunagu.directory.troubles import CRISIS_CODES

from . import second_opinion
from .analysis import SENTENCE_END, Analysis, Category, get_analyzer, normalise
from .labelled import Example, data_dir

NGRAM_SIZES = (1, 2, 3, 4)
REGULARISATION_C = 30.0  # chosen by leave-one-author-out figures (docs/performance.md)
FORMAT = 2  # 2: Sudachi words and word pairs beside the character n-grams

# When the model overrules the lexicon: chosen, favouring recall, on the blind sets measured
# by models trained without them and on the near misses of tests/navigator/test_analysis.py;
# each newer blind set was measured once before any of it was tuned on (docs/performance.md).
RAISE = 0.45  # the model alone raises a crisis from this probability...
RAISE_SHORT = 0.75  # ...but a text under SHORT letters has too few n-grams to go on
SHORT = 15  # letters (see `letters`)
RAISE_SET_ASIDE = 0.9  # ...and where the lexicon set crisis words aside, it must be surer
# (and a short text the lexicon set aside is never raised).
# A crisis told in one sentence of a longer text (a paragraph about forms, then 薬は十分
# ためてあります): the other sentences dilute the n-grams, so each sentence of at least
# SENTENCE_LETTERS letters is also scored on its own, and raises the crisis from this.
# (0.8 caught 3 crises over 22 blind sets for 9 false alarms, then 0 for 11 on sets 31–32.)
RAISE_SENTENCE = 0.9
SENTENCE_LETTERS = 15
VETO = 0.1  # below this, a lexicon crisis counts as a sign of the trouble only...
VETO_LETTERS = 150  # ...in a text shorter than this: in a long one the sentence that holds
# the crisis is a small part of the n-grams, and the model no longer speaks for it.


def model_path() -> Path:
    return data_dir() / "crisis_model.json"


def features(text: str) -> list[str]:
    """Character n-grams of each space-separated word of the lexicon's normalised text, the
    word padded with a space at each end so its start and end are features of their own;
    then Sudachi's normalised words and pairs of them (w:, b:), so 死なせて and 死にます
    share 死ぬ. The words cut false alarms on the blind sets by about a tenth at the same
    recall (docs/performance.md)."""
    grams = []
    for word in normalise(text).split():
        padded = f" {word} "
        for size in NGRAM_SIZES:
            grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    words = get_analyzer().lemmas(text)
    grams.extend(f"w:{word}" for word in words)
    grams.extend(f"b:{first}_{second}" for first, second in itertools.pairwise(words))
    return grams


@dataclass(frozen=True)
class CrisisModel:
    intercept: float
    # n-gram -> (inverse document frequency, weight); n-grams outside it are not features.
    grams: dict[str, tuple[float, float]]
    trained_on: str  # digest of the training files
    # n-gram -> (idf², idf × weight): what `probability` adds up, computed once.
    _terms: dict[str, tuple[float, float]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        terms = {gram: (idf * idf, idf * weight) for gram, (idf, weight) in self.grams.items()}
        object.__setattr__(self, "_terms", terms)

    def probability(self, text: str) -> float:
        """P(crisis | text): sublinear tf-idf, unit length, then the logistic function.

        With tf = 1 + log(count), an n-gram adds tf² × idf² to the squared length and
        tf × idf × weight to the dot product; most n-grams occur once (tf = 1)."""
        terms = self._terms
        dot = squares = 0.0
        for gram, count in Counter(features(text)).items():
            known = terms.get(gram)
            if known is None:
                continue
            if count == 1:
                squares += known[0]
                dot += known[1]
            else:
                tf = 1.0 + math.log(count)
                squares += tf * tf * known[0]
                dot += tf * known[1]
        score = self.intercept + (dot / math.sqrt(squares) if squares else 0.0)
        return 1.0 / (1.0 + math.exp(-score))

    def to_json(self) -> str:
        # One n-gram per line, sorted, so a retrained model's diff can be read.
        lines = [
            f"  {json.dumps(gram, ensure_ascii=False)}: [{idf:.6g}, {weight:.6g}]"
            for gram, (idf, weight) in sorted(self.grams.items())
        ]
        head = (
            f'{{\n  "format": {FORMAT},\n  "trained_on": "{self.trained_on}",\n'
            f'  "intercept": {self.intercept:.6g},\n  "grams": {{\n'
        )
        return head + ",\n".join(lines) + "\n  }\n}\n"

    @classmethod
    def from_json(cls, raw: str) -> CrisisModel:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise ValueError(f"crisis model format {data.get('format')}, expected {FORMAT}")
        grams = {gram: (float(idf), float(weight)) for gram, (idf, weight) in data["grams"].items()}
        return cls(float(data["intercept"]), grams, str(data["trained_on"]))


def train(examples: Sequence[Example], trained_on: str = "") -> CrisisModel:
    """Fit the model with scikit-learn (imported here: only training needs it)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [example.text for example in examples]
    labels = [example.crisis for example in examples]
    if len(set(labels)) < 2:
        raise ValueError("crisis and calm sentences are both needed to train the model")
    vectoriser = TfidfVectorizer(analyzer=features, sublinear_tf=True)
    matrix = vectoriser.fit_transform(texts)
    # Balanced classes: there are fewer crisis sentences, and missing one costs more.
    classifier = LogisticRegression(C=REGULARISATION_C, class_weight="balanced", max_iter=5000).fit(
        matrix, labels
    )
    weights = classifier.coef_[0]
    idf = vectoriser.idf_
    grams = {
        gram: (float(idf[index]), float(weights[index]))
        for gram, index in vectoriser.vocabulary_.items()
    }
    return CrisisModel(float(classifier.intercept_[0]), grams, trained_on)


@functools.cache
def shipped_model() -> CrisisModel:
    """The trained model in data/navigator, read once per process (about 0.3 s)."""
    return CrisisModel.from_json(model_path().read_text(encoding="utf-8"))


def judge(
    analysis: Analysis,
    text: str,
    model: CrisisModel | None = None,
    codes_models: second_opinion.Models | None = None,
) -> Analysis:
    """The lexicon's analysis with the model's say on crisis.

    - The model raises a crisis the lexicon did not see, from the whole text or from one
      sentence of it; the crisis code the lexicon found (held back as a hint) leads, or else
      the likeliest crisis code by the second opinion (NAV-14), with no words to quote.
    - A lexicon crisis stands unless the model is all but sure the text is calm and the
      lexicon's rule was a single word or phrase, not two things found together; then the
      words count as a sign of the trouble only, as when the lexicon sets them aside itself.
    """
    model = model or shipped_model()
    probability = model.probability(text)
    if not analysis.crisis:
        if probability < raise_bar(analysis, text):
            # Where the lexicon set crisis words aside, its reading of them stands.
            sentence = 0.0 if analysis.set_aside else _likeliest_sentence(model, text)
            if sentence < RAISE_SENTENCE:
                return analysis
            probability = sentence
        lead = _lead_with_crisis(analysis, text, probability, codes_models)
        return replace(analysis, crisis=True, categories=lead)
    if probability < VETO and letters(text) < VETO_LETTERS and not analysis.paired:
        return replace(analysis, crisis=False, categories=_without_crisis(analysis.categories))
    return analysis


def _likeliest_sentence(model: CrisisModel, text: str) -> float:
    """The highest probability of any one sentence long enough to judge (0 for one sentence)."""
    sentences = [s for s in SENTENCE_END.split(text) if letters(s) >= SENTENCE_LETTERS]
    if len(sentences) < 2:
        return 0.0
    return max(model.probability(sentence) for sentence in sentences)


def raise_bar(analysis: Analysis, text: str) -> float:
    short = letters(text) < SHORT
    if analysis.set_aside and short:
        return math.inf  # 死にたいとは全く思いません: the lexicon's reading of so few words stands
    bar = RAISE
    if analysis.set_aside:
        bar = max(bar, RAISE_SET_ASIDE)  # 昔、夫に殴られていた
    if short:
        bar = max(bar, RAISE_SHORT)  # 屋上から夜景を見た: a few n-grams weigh too much
    return bar


def letters(text: str) -> int:
    """Characters that carry a letter of their own: not spaces, and not the vowel signs and
    marks that Devanagari or Thai write as separate code points (मन is two letters)."""
    return sum(
        1 for ch in normalise(text) if not ch.isspace() and unicodedata.category(ch)[0] != "M"
    )


def _lead_with_crisis(
    analysis: Analysis,
    text: str,
    probability: float,
    codes_models: second_opinion.Models | None,
) -> tuple[Category, ...]:
    held = next((c for c in analysis.categories if c.code in CRISIS_CODES), None)
    if held is not None:
        # 殴られる as violence_women, held back only as a hint: it leads now, so its lines
        # come first whatever else scored higher.
        return (held, *(c for c in analysis.categories if c is not held))
    # A child alone for days is a danger to a child, not thoughts of suicide: the crisis
    # lines shown first depend on it (189 rather than the lines for suicidal thoughts).
    likely = (codes_models or second_opinion.models()).codes.probabilities(text)
    first, second = sorted(CRISIS_CODES, key=lambda c: -likely.get(c, 0.0))[:2]
    lead = Category(first, round(probability, 3), ())
    if "foreign_language" not in analysis.codes:
        return (lead, *analysis.categories)
    # In another language (Ya compré las pastillas) the second opinion, trained mostly on
    # Japanese, often guesses the wrong crisis: the runner-up follows at half the score, so
    # the lines for both are shown. (Naive Bayes odds are too extreme to scale by.)
    runner_up = Category(second, round(probability / 2, 3), ())
    return (lead, runner_up, *analysis.categories)


def _without_crisis(categories: tuple[Category, ...]) -> tuple[Category, ...]:
    """ "suicidal" becomes "mental_health" (kept once, with both sets of words)."""
    merged: dict[str, Category] = {}
    for category in categories:
        code = "mental_health" if category.code == "suicidal" else category.code
        earlier = merged.get(code)
        if earlier is None:
            merged[code] = replace(category, code=code)
        else:
            words = tuple(dict.fromkeys((*earlier.because, *category.because)))
            merged[code] = replace(earlier, score=max(earlier.score, category.score), because=words)
    return tuple(sorted(merged.values(), key=lambda c: (-c.score, c.code)))
