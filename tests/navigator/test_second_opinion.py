"""The naive Bayes second opinion (NAV-14): it adds to the lexicon, never overrules it."""

from __future__ import annotations

import math

import pytest

from tests.navigator.conftest import labelled
from tsunagu.navigator.analysis import Analysis, Category, analyse
from tsunagu.navigator.choices import Choices
from tsunagu.navigator.labelled import read_all, training_files
from tsunagu.navigator.second_opinion import (
    GUESS_CEILING,
    complete,
    models,
    ngrams,
    train_models,
)
from tsunagu.navigator.services import MIN_TEXT_SCORE, add_text_to_choices

TOY = labelled(
    ("家賃が払えない", False, ("livelihood",)),
    ("家賃を滞納している", False, ("livelihood", "housing")),
    ("アパートを追い出される", False, ("housing",)),
    ("部屋を出ていけと言われた", False, ("housing",)),
    ("住むところがない", False, ("housing",)),
    ("上司に毎日どなられる", False, ("work",)),
    ("残業が月百時間", False, ("work",)),
    ("もう終わりにしたい", True, ("suicidal",)),
    ("終わりにしたいと毎晩思う", True, ("suicidal",)),
)


@pytest.fixture(scope="module")
def toy():
    return train_models(TOY)


def test_ngrams_are_padded_per_word_and_normalised():
    grams = ngrams("ｱｲ ab")
    assert grams[" ア"] == 1 and grams["アイ "] == 1  # half-width katakana folded
    assert grams[" ab "] == 0 and grams["ab "] == 1  # three characters at most
    assert " a" in grams and "イ a" not in grams  # never across words


def test_probabilities_sum_to_one_and_favour_the_label_seen_with_the_words(toy):
    probabilities = toy.codes.probabilities("来月の家賃が払えない")
    assert math.isclose(sum(probabilities.values()), 1.0)
    assert max(probabilities, key=probabilities.get) == "livelihood"
    # Words never seen in training change nothing: the priors decide.
    unseen = toy.codes.probabilities("xyz")
    assert max(unseen, key=unseen.get) == "housing"  # the commonest main code above


def test_the_lexicons_codes_stay_first_and_the_models_follow_below_them(toy):
    lexicon = Analysis(crisis=False, categories=(Category("work", 0.6, ("上司",)),))
    completed = complete(lexicon, "上司のこと。家賃が払えない", toy)
    assert completed.codes[0] == "work"
    assert completed.categories[0] == lexicon.categories[0]
    assert len(completed.categories) == 3
    assert completed.codes[1] == "livelihood"
    assert all(c.score < 0.6 and c.because == () for c in completed.categories[1:])
    scores = [c.score for c in completed.categories]
    assert scores == sorted(scores, reverse=True)


def test_three_codes_from_the_lexicon_are_left_alone(toy):
    lexicon = Analysis(
        crisis=False,
        categories=tuple(Category(c, 0.5, ("x",)) for c in ("work", "housing", "health")),
    )
    assert complete(lexicon, "終わりにしたい", toy) is lexicon


def test_the_model_never_decides_a_crisis():
    calm = Analysis(crisis=False, categories=(Category("work", 0.4, ("仕事",)),))
    assert complete(calm, "仕事。終わりにしたいです", train_models(TOY)).crisis is False


def test_a_text_the_lexicon_found_nothing_in_gets_guesses_too_weak_to_be_adopted(toy):
    nothing = Analysis(crisis=False, categories=())
    guessed = complete(nothing, "来月の家賃が払えない", toy)
    assert guessed.codes[0] == "livelihood" and len(guessed.codes) == 3
    assert all(0 < c.score <= GUESS_CEILING and c.because == () for c in guessed.categories)
    assert GUESS_CEILING < MIN_TEXT_SCORE
    # A calm text is not guessed into a crisis code, and an empty one gets nothing.
    assert "suicidal" not in complete(nothing, "終わりにしたいです", toy).codes
    assert complete(nothing, "  ", toy) is nothing


def test_a_greeting_adds_no_code_to_the_residents_choices():
    assert analyse("こんにちは").categories  # the API shows the model's guesses...
    choices = add_text_to_choices(Choices(), "こんにちは")
    assert choices.codes == () and choices.keywords == ()  # ...the navigator adopts none


def test_the_shipped_models_train_from_every_labelled_sentence():
    examples = read_all(training_files())
    assert len(examples) >= 3000
    trained = models()
    assert len(trained.codes.labels) >= 18


def test_analyse_gives_three_codes_for_a_text_the_lexicon_half_knows():
    result = analyse("ばあちゃんの物忘れがひどくなってきた")
    assert len(result.categories) >= 1
    assert result.categories[0].because  # the lexicon's code leads, with its words
    assert len(result.categories) == 3


def test_a_calm_foreign_text_is_not_padded_with_a_crisis_code(toy):
    calm = Analysis(crisis=False, categories=(Category("foreign_language", 0.8, ("英語",)),))
    assert "suicidal" not in complete(calm, "終わりにしたい", toy).codes
    # Near misses: a crisis found, or a calm Japanese text, still take the model's guess.
    crisis = Analysis(crisis=True, categories=(Category("foreign_language", 0.8, ("英語",)),))
    assert "suicidal" in complete(crisis, "終わりにしたい", toy).codes
    japanese = Analysis(crisis=False, categories=(Category("work", 0.4, ("仕事",)),))
    assert "suicidal" in complete(japanese, "仕事。終わりにしたい", toy).codes
