"""The crisis model (NAV-15): the same sums as scikit-learn, when it may overrule the lexicon,
and that the shipped weights were trained on the sentences in the repository."""

from __future__ import annotations

import json
import math
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.navigator.conftest import labelled
from tsunagu.directory.troubles import CRISIS_CODES
from tsunagu.navigator import crisis_model
from tsunagu.navigator.analysis import Analysis, Category, analyse
from tsunagu.navigator.crisis_model import CrisisModel, features, judge, shipped_model, train
from tsunagu.navigator.evaluation import evaluate_unseen
from tsunagu.navigator.labelled import Example, digest, training_files
from tsunagu.navigator.second_opinion import train_models

LONG_TEXT = "最近いろいろなことがうまくいかなくて毎日が重たく感じています"
SHORT_TEXT = "もうむり"

TOY = labelled(
    ("もう終わりにしたい", True, ("suicidal",)),
    ("今夜で全部終わらせる", True, ("suicidal",)),
    ("消えてしまいたい", True, ("suicidal",)),
    ("夫に殴られて家から出られない", True, ("violence_women",)),
    ("仕事が終わらない", False, ("work",)),
    ("家賃が払えない", False, ("livelihood",)),
    ("母の介護で疲れた", False, ("elderly_care",)),
    ("友だちがいなくてさみしい", False, ("loneliness",)),
)


def model_saying(probability: float) -> CrisisModel:
    """A model that gives every text the same probability (no n-gram is known to it)."""
    return CrisisModel(math.log(probability / (1 - probability)), {}, "")


def calm(*categories: Category, set_aside: bool = False) -> Analysis:
    return Analysis(crisis=False, categories=categories, set_aside=set_aside)


def test_features_are_padded_per_word_and_use_the_lexicons_normalisation():
    grams = features("ｼﾆﾀｲ ab")
    assert " シ" in grams and "シニタイ" in grams and "タイ " in grams  # half-width folded
    assert " ab " in grams and "b " in grams
    assert not any("イ a" in gram for gram in grams)  # never across words
    assert features("a") == [" ", "a", " ", " a", "a ", " a ", "w:a"]


def test_features_add_sudachis_words_and_pairs_of_them():
    # Two spellings of one verb share its normalised word, not their characters.
    assert "w:死ぬ" in features("しにます") and "w:死ぬ" in features("死なせて")
    grams = features("母が倒れた。")
    assert "b:母_が" in grams and "b:が_倒れる" in grams
    assert not any(gram.startswith("w:") and "。" in gram for gram in grams)  # punctuation


def test_the_plain_python_scores_are_scikit_learns():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    model = train(TOY)
    texts = [e.text for e in TOY]
    vectoriser = TfidfVectorizer(analyzer=features, sublinear_tf=True)
    matrix = vectoriser.fit_transform(texts)
    reference = LogisticRegression(
        C=crisis_model.REGULARISATION_C, class_weight="balanced", max_iter=5000
    ).fit(matrix, [e.crisis for e in TOY])
    unseen = ["全部終わりにしたい夜", "家賃と仕事", "xyz", "終わりにしたい終わりにしたい"]
    expected = reference.predict_proba(vectoriser.transform(unseen))[:, 1]
    for text, probability in zip(unseen, expected, strict=True):
        assert model.probability(text) == pytest.approx(probability, abs=1e-9)
    assert model.probability("全部終わりにしたい夜") > 0.5 > model.probability("家賃と仕事")


def test_a_saved_model_reads_back_with_the_same_scores():
    model = train(TOY, trained_on="abc")
    again = CrisisModel.from_json(model.to_json())
    assert again.trained_on == "abc"
    for text in ("全部終わりにしたい", "家賃", ""):
        assert again.probability(text) == pytest.approx(model.probability(text), abs=1e-4)


def test_a_model_file_of_another_format_is_refused():
    raw = json.dumps({"format": 99, "trained_on": "", "intercept": 0, "grams": {}})
    with pytest.raises(ValueError, match="format 99"):
        CrisisModel.from_json(raw)


def test_training_needs_both_kinds_of_sentence():
    with pytest.raises(ValueError, match="both"):
        train([e for e in TOY if e.crisis])


def test_the_shipped_model_was_trained_on_the_sentences_in_the_repository():
    assert shipped_model().trained_on == digest(training_files()), (
        "data/navigator changed since the crisis model was trained: run `make model` "
        "and commit data/navigator/crisis_model.json"
    )


def test_letters_leave_out_spaces_and_combining_marks():
    assert crisis_model.letters("もう むり") == 4
    assert crisis_model.letters("मन छैन") == 4  # म न छ न: the vowel signs are marks
    assert crisis_model.letters("I want") == 5


# -- judging together with the lexicon -----------------------------------------------------


CODES = train_models(
    [
        *TOY,
        Example(9, "となりの子が何日も一人でいる", True, ("child_abuse",)),
        Example(10, "子どもがご飯を食べていない", True, ("child_abuse",)),
    ]
)


def test_the_model_raises_a_crisis_the_lexicon_missed_with_the_likeliest_crisis_code_first():
    found = calm(Category("livelihood", 0.6, ("家賃",)))
    text = "家賃も払えないしもう全部終わりにしてしまいたいと毎晩考えています"
    judged = judge(found, text, model_saying(0.7), CODES)
    assert judged.crisis is True
    assert judged.categories[0] == Category("suicidal", 0.7, ())
    assert judged.categories[1:] == found.categories
    # A child left alone leads with child_abuse, whose crisis lines (189) come first.
    text = "となりの部屋の子が何日も一人でいて、ご飯も食べていないようです"
    assert judge(calm(), text, model_saying(0.7), CODES).codes == ["child_abuse"]


def test_in_another_language_the_runner_up_crisis_code_follows_at_half_the_score():
    found = calm(Category("foreign_language", 0.8, ("外国語（英語など）の文",)))
    text = "Ya compré las pastillas. Esta noche quiero dormir para siempre."
    judged = judge(found, text, model_saying(0.7), CODES)
    first, second = judged.categories[:2]
    assert first.score == 0.7 and second.score == 0.35
    assert {first.code, second.code} <= set(CRISIS_CODES) and first.code != second.code
    assert judged.categories[2:] == found.categories


def test_a_danger_code_the_lexicon_held_back_leads_the_raised_crisis():
    found = calm(
        Category("work", 0.6, ("上司",)),
        Category("livelihood", 0.5, ("家賃",)),
        Category("violence_women", 0.3, ("殴る",)),
    )
    judged = judge(found, LONG_TEXT, model_saying(0.7), CODES)
    assert judged.crisis is True
    assert judged.codes == ["violence_women", "work", "livelihood"]


@pytest.mark.parametrize(
    ("probability", "text", "set_aside", "crisis"),
    [
        (crisis_model.RAISE - 0.001, LONG_TEXT, False, False),
        (crisis_model.RAISE + 0.001, LONG_TEXT, False, True),
        # A short text needs more: a few n-grams weigh too much.
        (crisis_model.RAISE_SHORT - 0.001, SHORT_TEXT, False, False),
        (crisis_model.RAISE_SHORT + 0.001, SHORT_TEXT, False, True),
        # Where the lexicon set crisis words aside (a negation, the past), likewise.
        (crisis_model.RAISE_SET_ASIDE - 0.001, LONG_TEXT, True, False),
        (crisis_model.RAISE_SET_ASIDE + 0.001, LONG_TEXT, True, True),
        # A short text set aside: the lexicon's reading stands, however sure the model.
        (0.999, SHORT_TEXT, True, False),
    ],
)
def test_when_the_model_may_raise_a_crisis(probability, text, set_aside, crisis):
    judged = judge(calm(set_aside=set_aside), text, model_saying(probability), CODES)
    assert judged.crisis is crisis


def test_a_lexicon_crisis_stands_unless_the_model_is_all_but_sure_it_is_calm():
    found = Analysis(
        crisis=True,
        categories=(
            Category("suicidal", 0.9, ("死にたい",)),
            Category("mental_health", 0.2, ("つらい",)),
            Category("work", 0.5, ("仕事",)),
        ),
    )
    assert judge(found, LONG_TEXT, model_saying(crisis_model.VETO)) is found
    # A very long text: the crisis sentence is a small part of it, the lexicon's reading stands.
    very_long = LONG_TEXT * (crisis_model.VETO_LETTERS // len(LONG_TEXT) + 1)
    assert judge(found, very_long, model_saying(0.001)) is found
    vetoed = judge(found, LONG_TEXT, model_saying(crisis_model.VETO - 0.01))
    assert vetoed.crisis is False
    # "suicidal" becomes a sign of mental_health, once, with the words of both.
    assert vetoed.categories == (
        Category("mental_health", 0.9, ("死にたい", "つらい")),
        Category("work", 0.5, ("仕事",)),
    )


def test_a_crisis_paired_by_the_lexicon_is_never_vetoed():
    # 子ども&冷蔵庫が空: two things found together are too particular to overrule.
    found = Analysis(
        crisis=True, categories=(Category("child_abuse", 0.9, ("冷蔵庫が空", "親")),), paired=True
    )
    assert judge(found, LONG_TEXT, model_saying(0.001)) is found


class SentenceModel(CrisisModel):
    """A model that is sure of one sentence only and unsure of everything else."""

    def probability(self, text: str) -> float:
        return 0.95 if text == CRISIS_SENTENCE else 0.05


CRISIS_SENTENCE = "薬は飲まずに全部引き出しにためてあります"
FORMS = "転入の手続きで区役所に行きましたが、書類が足りないと言われました"


@pytest.mark.parametrize(
    ("text", "set_aside", "crisis"),
    [
        # The crisis in one sentence of a longer text raises it...
        (f"{FORMS}。{CRISIS_SENTENCE}。", False, True),
        # ...but not a text of one sentence, and not where the lexicon set words aside.
        (f"{CRISIS_SENTENCE}。", False, False),  # one sentence: the whole text's score
        (f"{FORMS}。{CRISIS_SENTENCE}。", True, False),
        # A sentence too short to judge on its own does not count.
        (f"{FORMS}。もうむり。", False, False),
    ],
)
def test_one_sentence_of_a_longer_text_may_raise_a_crisis(text, set_aside, crisis):
    model = SentenceModel(0.0, {}, "")
    assert judge(calm(set_aside=set_aside), text, model, CODES).crisis is crisis


def test_the_lexicons_reading_is_kept_out_of_the_api_answer():
    result = analyse("死にたいとは思っていません")
    assert result.crisis is False
    assert set(result.as_dict()) == {"crisis", "categories"}


def test_the_lexicon_marks_crisis_words_it_set_aside():
    from tsunagu.navigator.analysis import get_analyzer

    analyser = get_analyzer()
    assert analyser.analyse("死にたいとは思っていません").set_aside is True
    assert analyser.analyse("昔、夫に殴られていた").set_aside is True
    assert analyser.analyse("Não vou me matar, só preciso de ajuda").set_aside is True
    assert analyser.analyse("家賃が払えない").set_aside is False
    assert analyser.analyse("死にたい").set_aside is False  # a crisis, not set aside


def test_a_crisis_only_the_model_reads_reaches_the_results_with_the_crisis_lines_first():
    # Written by a blind author; the lexicon has no rule for giving things away this way.
    text = "推しグッズ全部フォロワーに譲った 猫は妹に頼んだ 準備おわり🙂"
    from tsunagu.navigator.analysis import get_analyzer

    assert get_analyzer().analyse(text).crisis is False
    result = analyse(text)
    assert result.crisis is True and result.codes[0] == "suicidal"


# -- training and the unseen figures ---------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path, settings):
    settings.TSUNAGU_DATA_DIR = tmp_path
    folder = tmp_path / "navigator"
    (folder / "blind").mkdir(parents=True)

    def write(name, examples):
        lines = [
            json.dumps({"text": e.text, "crisis": e.crisis, "codes": list(e.codes)})
            for e in examples
        ]
        (folder / name).write_text("\n".join(lines) + "\n", "utf-8")

    write("labelled_texts.jsonl", TOY[:6])
    write("blind/set_1.jsonl", TOY[6:])
    write(
        "blind/set_2.jsonl",
        [
            Example(1, "橋の上にいる", True, ("suicidal",)),
            Example(2, "残業が多い", False, ("work",)),
        ],
    )
    return folder


def test_the_train_command_writes_a_model_of_the_current_sentences(data_dir):
    call_command("train_crisis_model")
    model = CrisisModel.from_json((data_dir / "crisis_model.json").read_text("utf-8"))
    assert model.trained_on == digest(training_files())
    assert model.grams


def test_the_train_command_names_a_bad_line(data_dir):
    (data_dir / "blind" / "set_3.jsonl").write_text('{"text": "a", "crisis": tru}\n', "utf-8")
    with pytest.raises(CommandError, match=r"set_3.jsonl 1行目"):
        call_command("train_crisis_model")
    assert not (data_dir / "crisis_model.json").exists()  # nothing half-written


def test_each_blind_set_is_measured_by_models_that_never_saw_it(data_dir, monkeypatch):
    seen = []
    real_train = crisis_model.train

    def recording_train(examples, trained_on=""):
        seen.append({e.text for e in examples})
        return real_train(examples, trained_on)

    monkeypatch.setattr(crisis_model, "train", recording_train)
    reports = evaluate_unseen()
    assert [path.name for path, _ in reports] == ["set_1.jsonl", "set_2.jsonl"]
    assert not seen[0] & {e.text for e in TOY[6:]}
    assert "橋の上にいる" not in seen[1] and "橋の上にいる" in seen[0]
    assert reports[0][1].calm_total == 2 and reports[1][1].crisis_total == 1


def test_make_eval_prints_each_blind_set_measured_by_models_that_never_saw_it(data_dir):
    out = StringIO()
    call_command("evaluate_navigator", "--unseen", stdout=out)
    printed = out.getvalue()
    assert "-- set_1.jsonl, models trained without it" in printed
    assert "-- set_2.jsonl, models trained without it" in printed
    assert printed.count("crisis recall:") == 2
