"""A second opinion on the codes of texts the lexicon says little about (NAV-14).

The lexicon (analysis.py) explains itself — every code comes with the resident's words that
led to it — but it only knows the wording someone wrote down. Measured on sentences it was
never tuned on, it often found only one or two codes, and the main one was missing from them.
This module adds a plain multinomial naive Bayes over character n-grams, trained when first
needed (under a second) on every labelled sentence the project has (labelled.py). It only
ever adds: when the lexicon found one or two codes, the model's likeliest other codes follow
them, each scored below every code the lexicon found and with no words given as the reason
(there are none to quote). A text the lexicon found nothing in gets the model's guesses,
scored too low for the navigator to adopt them (GUESS_CEILING): a greeting is not a trouble.

It does not decide a crisis: naive Bayes over these n-grams called a crisis in the near misses
the lexicon deliberately lets pass (包丁を見て料理を始めた). The crisis model (NAV-15,
crisis_model.py) is a logistic regression, which weighs n-grams against each other.

Hand-written rather than scikit-learn: the model is a few counts and sums, and the library
with its SciPy would add about 100 MB and half a second to every process start.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from tsunagu.directory.troubles import CRISIS_CODES

from .analysis import Analysis, Category, normalise
from .labelled import Example, read_all, training_files

NGRAM_SIZES = (1, 2, 3)
SMOOTHING = 0.1  # additive (Lidstone) smoothing of the n-gram counts
TOP_CODES = 3
# A text the lexicon found nothing in still gets the model's guesses, scored under this: under
# the score from which the navigator adopts a text's code (services.MIN_TEXT_SCORE), so the
# API and `tsunagu analyze` show a best guess (with no words) while a greeting adds nothing
# to a resident's choices. Measured blind, the main code was then in the top 3 three points
# more often.
GUESS_CEILING = 0.2


def ngrams(text: str) -> Counter[str]:
    """Character n-grams of each space-separated word, padded with a space at both ends
    (so a word's start and end are features), after the lexicon's own normalisation."""
    grams: list[str] = []
    for word in normalise(text).split():
        padded = f" {word} "
        for size in NGRAM_SIZES:
            grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    return Counter(grams)  # counted in C


@dataclass(frozen=True)
class NaiveBayes:
    labels: tuple[str, ...]
    log_priors: tuple[float, ...]
    # For each n-gram seen in training, log P(n-gram | label) for every label in order.
    log_likelihoods: dict[str, tuple[float, ...]]

    @classmethod
    def train(cls, examples: Iterable[tuple[str, str]]) -> NaiveBayes:
        """`examples` are (text, label) pairs."""
        counts: dict[str, Counter[str]] = {}
        documents: Counter[str] = Counter()
        for text, label in examples:
            counts.setdefault(label, Counter()).update(ngrams(text))
            documents[label] += 1
        labels = tuple(sorted(counts))
        vocabulary = set().union(*counts.values())
        totals = [sum(counts[label].values()) + SMOOTHING * len(vocabulary) for label in labels]
        log_likelihoods = {
            gram: tuple(
                math.log((counts[label][gram] + SMOOTHING) / total)
                for label, total in zip(labels, totals, strict=True)
            )
            for gram in vocabulary
        }
        all_documents = sum(documents.values())
        log_priors = tuple(math.log(documents[label] / all_documents) for label in labels)
        return cls(labels, log_priors, log_likelihoods)

    def probabilities(self, text: str) -> dict[str, float]:
        """P(label | text) for every label; n-grams never seen in training are skipped."""
        rows = [self.log_priors]
        for gram, count in ngrams(text).items():
            row = self.log_likelihoods.get(gram)
            if row is not None:
                rows.extend([row] * count)
        # Column sums in C (zip and sum) rather than a Python loop over every label.
        scores = [sum(column) for column in zip(*rows, strict=True)]
        top = max(scores)
        weights = [math.exp(score - top) for score in scores]
        total = sum(weights)
        return {label: w / total for label, w in zip(self.labels, weights, strict=True)}


@dataclass(frozen=True)
class Models:
    codes: NaiveBayes  # the main code of a text


def train_models(examples: Iterable[Example]) -> Models:
    return Models(
        codes=NaiveBayes.train((e.text, e.codes[0]) for e in examples if e.codes),
    )


@functools.cache
def models() -> Models:
    """Trained once per process, from every labelled sentence the project has."""
    return train_models(read_all(training_files()))


def complete(analysis: Analysis, text: str, trained: Models | None = None) -> Analysis:
    """The lexicon's analysis, with the model's likeliest codes after its own one or two; for a
    text it found nothing in, the model's three likeliest as guesses scored under
    GUESS_CEILING."""
    if len(analysis.categories) >= TOP_CODES or not normalise(text).strip():
        return analysis
    trained = trained or models()
    known = {category.code for category in analysis.categories}
    calm_guess = not analysis.crisis and (not known or "foreign_language" in known)
    # Crisis codes padded after a calm text read as an alarm the analysis never raised (a
    # grieving Portuguese sentence getting "suicidal").
    barred = known | set(CRISIS_CODES) if calm_guess else known
    guesses = sorted(
        ((p, code) for code, p in trained.codes.probabilities(text).items() if code not in barred),
        reverse=True,
    )[: TOP_CODES - len(analysis.categories)]
    # Below every code the lexicon found, so the order still says how sure we are.
    ceiling = (
        min(category.score for category in analysis.categories) / 2
        if analysis.categories
        else GUESS_CEILING
    )
    added = tuple(
        Category(code, max(0.001, round(ceiling * probability, 3)), ())
        for probability, code in guesses
    )
    return replace(analysis, categories=(*analysis.categories, *added))
