"""The analyser on the hard cases the taxonomy names; the broad figures are in test_evaluation."""

import pytest

from tsunagu.navigator.analysis import MAX_TEXT_LENGTH, analyse, get_analyzer, normalise
from tsunagu.navigator.services import MIN_TEXT_SCORE, TextTooLong, analyze_text


@pytest.mark.parametrize(
    "text",
    [
        "死にたい",
        "しにたい",
        "ｼﾆﾀｲ",
        "しにたーい",
        "タヒにたい",
        "消えたい",
        "目が覚めなければいいのに",
        "全部終わりにしたい",
        "遺書を書いた",
        "練炭を買った",
        "ロープを買った",
        "ODしちゃった",
        "ＯＤした",
        "リスカがやめられない",
        "同僚が「もう全部終わりにしたい」と言っていた",
        "息子が自分を傷つけている",
        "死にたいと思わない日はない",
        "ほんまにもう死にたいわ",
        "死にたい😭",
        "I want to kill myself",
        "夫が包丁を持って暴れている",
        "元夫が家の外で待っている",
        "子どもが何日も一人で置き去りにされている",
        "近所の子が親が帰ってこなくてご飯を食べていないと言う",
    ],
)
def test_it_raises_a_crisis_for(text):
    assert analyse(text).crisis is True


@pytest.mark.parametrize(
    "text",
    [
        "消えたいなんて思っていない",
        "死にたいと思ったことはない",
        "死ぬほど眠い",
        "眠くて死にそう",
        "笑い死にしそう",
        "死ぬほどおいしい",
        "死ぬかと思った",
        "映画の主人公が死にたいと言っていた",
        "兄が自殺してから眠れない",
        "学校に行きたくない",
        "昔、夫に殴られていた",
        "恥ずかしくて消えたい",
        "自殺予防のボランティアをしたい",
    ],
)
def test_it_keeps_calm_for(text):
    assert analyse(text).crisis is False


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("子どもがいじめられている", "child_youth"),
        ("子供がいじめられている", "child_youth"),
        ("こどもがいじめられている", "child_youth"),
        ("ひとりぼっちです", "loneliness"),
        ("独りぼっちです", "loneliness"),
        ("ｶｲｺﾞがつらい", "elderly_care"),
        ("おかあさんのかいごがたいへん", "elderly_care"),
        ("ＡＤＨＤと言われた", "developmental"),
        ("ほんましんどい、かなんわ", "mental_health"),
        ("I lost my job", "foreign_language"),
        ("家賃が払えない", "livelihood"),
    ],
)
def test_it_finds_the_trouble_in_any_spelling(text, code):
    assert code in analyse(text).codes[:3]


def test_it_names_the_words_that_led_to_each_code():
    result = analyse("母の介護でしんどい")
    care = next(c for c in result.categories if c.code == "elderly_care")
    assert care.because == ("介護", "母")


def test_it_sorts_codes_strongest_first_with_scores_between_zero_and_one():
    scores = [c.score for c in analyse("借金があって仕事もなくて眠れない").categories]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1 for score in scores)


def test_it_suggests_foreign_language_lines_for_english_text():
    result = analyse("Please help, I cannot read Japanese")
    assert result.codes[0] == "foreign_language"


def test_it_finds_nothing_in_everyday_text():
    assert get_analyzer().analyse("今日は天気がいいですね").as_dict() == {
        "crisis": False,
        "categories": [],
    }
    # The second opinion's guesses follow (NAV-14), too weak for the navigator to adopt.
    result = analyse("今日は天気がいいですね")
    assert result.crisis is False
    assert all(c.score < MIN_TEXT_SCORE and not c.because for c in result.categories)


def test_it_treats_markup_as_plain_text():
    result = analyse("<script>alert('x')</script> 死にたい")
    assert result.crisis is True


def test_it_normalises_width_and_stretched_kana():
    assert normalise("ＡＢＣ１２３ｶｲｺﾞ") == "abc123カイゴ"
    assert normalise("しにたーい") == "しにたい"


def test_it_builds_the_analyser_once():
    assert get_analyzer() is get_analyzer()


def test_the_service_rejects_text_over_the_limit_with_a_message_to_shorten_it():
    with pytest.raises(TextTooLong, match="短く"):
        analyze_text("あ" * (MAX_TEXT_LENGTH + 1))


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("部屋から出ません", "部屋から出ない"),
        ("部屋から出ず", "部屋から出ない"),
        ("わからへん", "わからない"),
        ("虐待されてる", "虐待されている"),
        ("殴られとる", "殴られている"),
    ],
)
def test_negation_and_contracted_teiru_read_as_their_plain_form(written, plain):
    analyser = get_analyzer()

    def norms(text):
        return [t.norm for t in analyser._tokens(normalise(text))]

    assert norms(written) == norms(plain)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("がんばってるけど眠れない", "health"),  # がん is not in がんばる
        ("アパートを探している", "work"),  # パート is not in アパート
        ("親友とけんかした", "elderly_care"),  # 親 is not in 親友
    ],
)
def test_a_short_term_is_not_found_inside_a_longer_word(text, code):
    # The lexicon alone: the second opinion may still guess the code, without words.
    assert code not in get_analyzer().analyse(text).codes


@pytest.mark.parametrize(
    "text",
    [
        "生まれてこなきゃよかった",
        "睡眠薬を少しずつ貯めてます",
        "薬を100錠ためた",
        "ロープを買ってきた",
        "もう生きてる意味わからん",
        "生きてていいのかな",
        "明日なんか来なければいい",
    ],
)
def test_it_raises_a_crisis_for_wording_in_classes(text):
    assert analyse(text).crisis is True


@pytest.mark.parametrize(
    "text",
    [
        "明日は来なくていいと店長に言われた",
        "薬を2錠飲んだ",
        "首吊り用じゃなくて、ハンモック用のロープを張った",
        "死にたいと思ったことは一度もない",
        "昨年、父が自殺しました",
        "祖父が首を吊って亡くなった",
    ],
)
def test_it_keeps_calm_for_the_near_misses_of_those_classes(text):
    assert analyse(text).crisis is False


# Indirect wording of suicide and self-harm, one mechanism per pair of lists: each class has
# sentences that must raise a crisis and near misses that must not.
@pytest.mark.parametrize(
    "text",
    [
        "死にたくなんかない、と自分に言い聞かせてるけど毎晩考えてる",  # denial as pretence
        "大丈夫なふりをしてるけど、消えたくないなんて嘘",
        "明日は港に行ってそのまま戻らない",  # not coming back
        "先に逝った夫のところへ早く行きたい",  # joining the dead
        "私なんかいなくなるのがみんなのためだ",  # oneself gone as best
        "もう呼吸するのをやめたい",
        "いきてるのしんどい",  # kana 生きる
        "生きてるのがかなんねん",  # Kansai
        "脇腹をカミソリで切ってしまう",  # hidden body part
        "夜になると包丁をじっと見つめてしまう",  # staring at the means
        "タオルを首に巻いて締めてみた",  # ligature
        "睡眠薬を300錠買った",  # a stock beyond any household's
        "安定剤を多めに飲んでしまった",  # more than prescribed
        "💊💊💊まとめてのんだ",
        "練炭は車に積んである",  # means ready
        "自分の生命保険で返すしかない",  # paying with one's life
        "死んでお詫びします",
        "苦しくない死に方を知りたい",
        "いま橋の上。もういいよね",  # an edge, now, giving up
        "大事な物を全部あげた。もう私には必要ないから",  # giving things away
        "我想死",
        "죽고 싶어요",
        "I have pills saved up",
    ],
)
def test_it_raises_a_crisis_for_indirect_classes(text):
    assert analyse(text).crisis is True


@pytest.mark.parametrize(
    "text",
    [
        "うちのインコが死んでしまうのが怖い",  # fear of a death
        "死ぬのが怖くて病院に行けない",
        "息子に「お前なんか死んじゃえ」と言われた",  # a curse thrown at someone
        "ゲームで死にまくった",
        "母が死んだらどうしようと不安になる",  # worry about who is left
        "私が死んだら、この子はどうなるのか",
        "兄が自死して二年になります",  # time since a death
        "「死にたい」と思ったことはありません",  # denial after a closing quote
        "認知症の母が「殺される」と叫ぶ",  # a fear voiced by dementia
        "実家にはもう帰らないつもり",  # estrangement, not vanishing
        "私がいるのが一番いいと母が言う",
        "包丁を見て料理を始めた",
        "転んで膝を切った",
        "首にタオルを巻いて草むしりをした",
        "風邪薬を2箱買った",
        "引っ越すので本を全部あげた",
        "屋上でお昼を食べる",
        "自分の生命保険を見直したい",
    ],
)
def test_it_keeps_calm_for_near_misses_of_the_indirect_classes(text):
    assert analyse(text).crisis is False


@pytest.mark.parametrize(
    ("casual", "plain"),
    [
        ("友達いない", "友達がいない"),  # a case particle left out
        ("物投げてくる夫", "物を投げてくる夫"),
        ("おかあさん ずっと かえってこない", "おかあさんずっとかえってこない"),  # spaced writing
    ],
)
def test_dropped_particles_and_spaces_match_like_the_written_form(casual, plain):
    assert analyse(casual).crisis == analyse(plain).crisis
    assert analyse(casual).codes[:1] == analyse(plain).codes[:1]


# Danger now: violence under way, trapped, followed, a child left or marked, a carer afraid.
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("交際相手から暴力を受けている", "violence_women"),
        ("殴られて肋骨が折れたかも", "violence_women"),
        ("夫が酔うと暴力をふるう。逃げる場所がない", "violence_women"),
        ("旦那が物投げてくる", "violence_women"),
        ("いまも隣から悲鳴が聞こえる", "violence_women"),
        ("母が父に殴られてるみたい", "violence_women"),
        ("ずっと知らない男がついてくる", "violence_women"),
        ("ママ かえってこない。おなかすいた", "child_abuse"),
        ("あの子はいつも同じ服で夜遅くまで一人で外にいる", "child_abuse"),
        ("園児の腕にたばこを押しつけたような跡", "child_abuse"),
        ("お父さんがぼくをなぐる", "child_abuse"),
        ("母にご飯抜きにされる", "child_abuse"),
        ("My neighbour's kid has bruises again", "child_abuse"),
        ("介護している母をこのままでは殺してしまいそう", "elderly_care"),
    ],
)
def test_it_raises_a_crisis_for_danger_now(text, code):
    result = analyse(text)
    assert result.crisis is True
    assert code in result.codes[:3]


@pytest.mark.parametrize(
    "text",
    [
        "元夫から暴力を受けていた",  # told as over
        "子どもの頃に父から暴力を受けていました",
        "元彼につきまとわれている",  # stalking in general, not now
        "夜道で後をつけられたことがある",
        "雨が降ってきてコンビニに逃げ込んだ",
        "野良猫がずっとついてくる",
        "子どもが夕飯を食べていない。好き嫌いが多い",
        "夫の帰りが遅い。ご飯が冷める",
        "母の肩をたたく",
        "認知症の父が「殺される」と言う",  # a fear voiced by dementia
    ],
)
def test_it_keeps_calm_for_near_misses_of_danger_now(text):
    assert analyse(text).crisis is False


def test_a_danger_word_in_fiction_points_to_no_violence_code():
    result = analyse("ホラー映画で人が殺されるシーンを見て眠れない（小4）")
    assert result.crisis is False
    assert "violence_women" not in result.codes


def test_learning_suicide_prevention_points_to_its_windows_without_a_crisis():
    result = analyse("ゲートキーパーの研修で自殺のサインを学びたい")
    assert result.crisis is False
    assert result.codes[0] == "suicidal"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("遊ぶ相手おらん", "loneliness"),  # Kansai おらん, particle dropped
        ("思春期の娘との接し方に悩む", "pregnancy_childcare"),
        ("スロットがやめられない", "mental_health"),
        ("女子の制服を着たくない", "sexual_minority"),
        ("母がうつで学校に遅刻ばかり", "young_carer"),
    ],
)
def test_it_finds_the_code_for_wording_in_classes(text, code):
    assert code in analyse(text).codes[:3]


def test_a_parents_worry_about_after_they_are_gone_is_no_crisis():
    assert analyse("息子に障がいがある。親がいなくなったら生活はどうなるのか").crisis is False
    assert analyse("子どもが一人で留守番、親がいない夜が続く").crisis is True


@pytest.mark.parametrize(
    ("text", "crisis", "code"),
    [
        ("mou shinitai yo", True, "suicidal"),
        ("kanojo ga nagurimasu. tasukete", True, "violence_women"),
        ("ore wa mou ikitakunai", True, "suicidal"),
        # Near misses: English keeps its English reading; a place before いき is going.
        ("rise and shine, see you in osaka", False, "foreign_language"),
        ("gakkou ni ikitakunai", False, None),
        ("会社いきたくない", False, None),
    ],
)
def test_romaji_is_read_as_kana_too(text, crisis, code):
    result = analyse(text)
    assert result.crisis is crisis
    if code:
        assert code in result.codes[:3]


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("もう死んだろかなって思う", True),
        ("あの子もう死んだろうな、金魚", False),
        ("手首切ってる時だけ楽になる", True),
        ("玉ねぎ切ってる時だけ涙が出る", False),
        ("頭痛薬を一箱飲んでしまった", True),
        ("頭痛薬を一錠飲んだ", False),
        ("彼氏に首しめられた", True),
        ("ビルの屋上から下ばかり見てしまう", True),
        ("屋上から夜景を見た", False),
        ("借金は保険金で返すしかない", True),
        ("保険金の受け取り方を知りたい", False),
        ("隣の子がベランダに出されて泣いてる", True),
        ("消えたいくらい恥ずかしかった", False),
        ("死にたいほど笑った", False),
        ("消えたいくらいつらい", True),
        ("スマホの電池が死にそう", False),
        ("消えたいとかじゃないけど疲れてる", False),
        ("死にたいってほどじゃない", False),
        ("死にたいとか言うたら大げさやけど", False),
        ("母の自死から十年たった", False),
        # Written all in katakana, read as kana (a loanword text stays as it is).
        ("ｼﾆﾀｲ ﾓｳﾑﾘ", True),
        ("イキテルイミナイ", True),
        ("コーヒーノミタイ", False),
        # Into traffic, how far is sure, a place known for it.
        ("バイクごと壁に突っ込めば楽になれるかな", True),
        ("何メートルから飛んだら確実に死ねるんやろ", True),
        ("何錠まで一度に飲んでいいですか", False),
        ("樹海に向かう電車に乗ってる", True),
        ("樹海の紅葉の写真を撮りに行った", False),
        ("東尋坊へ観光に行きました", False),
        # Denials with an adverb, idioms of effort, sport and small accidents.
        ("消えたいとかは全然ないです。ただ疲れてる", False),
        ("死にたいとは全く思いません", False),
        ("死にたいとかは全然ないけど、消えたい", True),
        ("部活、死ぬ気で練習してる", False),
        ("母と一緒に死ぬしかない", True),
        ("昨日の試合は完全に死んでたわ", False),
        ("完全に死にたい気分", True),
        ("包丁で指を切ってしまった", False),
        ("カッターで腕を切った", True),
        ("両親が死んだら家はどうなるのか", False),
        # Being gone would settle it; children unfed now; a dream; morning sickness.
        ("私が死ねば全部まるくおさまる", True),
        ("祖父が死んだら相続はどう解決する？", False),
        ("昨日から子どもに何も食べさせてあげられてない。お金がない", True),
        ("アレルギーで子どもに何も食べさせられない食材が多い", False),
        ("夫に殺される夢を見て眠れない", False),
        ("夢も希望もない。死にたい", True),
        ("つわりで死にそう", False),
        ("箱を開けてたら指まで切った", False),
        ("もう死んでもいいくらい幸せ", False),
        ("幸せなんていらない。死にたい", True),
        ("3年前に自殺未遂をしました。今は元気に働いています", False),
        ("3年前から死にたい気持ちが消えない", True),
        ("3年前に自殺未遂をした。最近また死にたい", True),
        # A note for those left; the home found out; injuries that return; a friend's words.
        ("息子の上着から『ごめんなさい、先に行きます』というメモが出てきた", True),
        ("ごめん、先に行きます。駅で待ってるね", False),
        ("元彼に住所を特定された。昨日ポストに手紙が入ってた", True),
        ("引っ越し先の住所を役所で変更したい", False),
        ("住所を特定されるのが怖いので、SNSに写真を載せない方法を知りたい", False),
        ("保育士です。赤ちゃんのあざが繰り返しできていて、親の説明も毎回違う", True),
        ("赤ちゃんのおむつかぶれが繰り返しできる", False),
        ("Meu amigo disse que vai se matar hoje", True),
        ("Mi hermano dice que se va a matar", True),
    ],
)
def test_it_reads_crisis_classes_and_their_near_misses(text, crisis):
    assert analyse(text).crisis is crisis


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("オーバードーズのニュースを見て娘が心配", False),
        ("ニュースを見てたら自殺したくなった", True),
        ("妻を叩いてしまったことがある。反省している", False),
        ("夫に叩かれている。今も", True),
        ("前に後輩から死にたいと言われた。今は元気にしてる", False),
        ("後輩が死にたいと言っている。今は元気なふり", True),
    ],
)
def test_told_but_not_lived_now(text, crisis):
    assert analyse(text).crisis is crisis


@pytest.mark.parametrize(
    "text",
    [
        "Toi muon chet",  # Vietnamese written without its marks
        "Tôi muốn chết",
        "Eu quero me matar",
        "Eu nao aguento, quero morrer",
        "Gusto ko nang mamatay",
        "Sinasaktan ako ng asawa ko",
        "Mi pareja me pega",
        "मलाई मर्न मन लाग्छ",
        "Saya ingin bunuh diri",
        "我想死",
        "他又打我了",
        "죽고 싶어요",
    ],
)
def test_it_raises_a_crisis_in_residents_own_languages(text):
    analysis = analyse(text)
    assert analysis.crisis
    assert "foreign_language" in analysis.codes


@pytest.mark.parametrize(
    "text",
    [
        "Não quero morrer",  # a negation right before the term
        "Nao vou me matar, so preciso de ajuda",  # one word between
        "Tôi không muốn chết",
        "Saya tidak ingin mati",
        "我不想死",
        "죽고 싶지 않아요",  # a negation after the term
        "मलाई मर्न मन छैन",
        "A minha mãe morreu",  # the bare word for dying is no wish
        "Ang pelikula ay tungkol sa kamatayan",
    ],
)
def test_it_keeps_calm_for_denials_and_near_misses_in_other_languages(text):
    assert not analyse(text).crisis


@pytest.mark.parametrize(
    "text",
    [
        "母と一緒に死のうかと思った",  # not the idiom 死ぬかと思った
        "眠剤とお酒を一緒に飲んだ",
        "処方された薬、飲まずに貯めてる",
        "マンションの柵に足をかけてる",
        "彼から「もう消える」ってきて電話に出ない",
        "夫から殺すってLINEがきた",
    ],
)
def test_it_raises_a_crisis_for_acts_under_way_and_farewells(text):
    assert analyse(text).crisis


@pytest.mark.parametrize(
    "text",
    [
        "階段で転んで死ぬかと思った",  # the idiom itself
        "薬局でポイントためてる",  # 薬 inside 薬局, no medicine saved
        "お酒は一緒に飲むと楽しい",
        "停電で電気が消える。母の携帯も電話に出ない",  # the light, not a person
        "花粉症で死にそう",
    ],
)
def test_it_keeps_calm_for_near_misses_of_acts_under_way(text):
    assert not analyse(text).crisis


@pytest.mark.parametrize(
    "text",
    [
        "自殺したいとは思っていません。眠れないだけ",
        "死にたいわけじゃないけど、朝がしんどい",
        "死にたいとかは思ってないけど毎日つらい",
        "消えたいって気持ちはないです",
        "消えたい…なんて思っていません",
        "胃薬を2回分まとめて飲んでも大丈夫？",
        "希死念慮ってどういう意味ですか",
        "叔父が自殺して半年になる",
        "私が死んだら、猫どうなるんやろ",
        "締め切り前で死ぬ笑",
        "子どもを叩いてしまいそうで怖い。まだ叩いたことはない",
        "子どもの頃に父から殴られていた。今でも夢に見る",
    ],
)
def test_it_keeps_calm_for_denials_dose_questions_and_memories(text):
    assert analyse(text).crisis is False


@pytest.mark.parametrize(
    "text",
    [
        # Near misses of the exceptions above: these stay a crisis.
        "死にたいって気持ちが止まらない",
        "薬を全部まとめて飲んでもいい？",
        "橋の上にいます。もう飛んでもええかな",
        "死んだらどうなるんやろ。もう楽になりたい",
        "子どもを叩いてしまいそうで怖い",
        "子どもを叩いてしまいそうで怖い。まだ小さいのに",
        "子どもの頃から父に殴られている",
        "死にたか。もうよか",
        "もうあかん、死のかな",
    ],
)
def test_near_misses_of_the_new_exceptions_stay_a_crisis(text):
    assert analyse(text).crisis is True


def test_a_parent_who_hits_is_child_abuse_first():
    assert analyse("お母さんに毎日叩かれる。小6").codes[0] == "child_abuse"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Estou grávida e preciso de ajuda com o hospital", "pregnancy_childcare"),
        ("Madre soltera con dos hijos, busco guardería", "single_parent"),
        ("They turned away my application because I'm a foreigner", "human_rights"),
    ],
)
def test_a_calm_foreign_text_gets_its_main_code_and_no_crisis(text, code):
    result = analyse(text)
    assert result.crisis is False
    assert code in result.codes[:3]


@pytest.mark.parametrize(
    "text",
    [
        "料理中に包丁で指を切った。血が出てる",
        "🔪の絵文字ってどう打つの",
        "階段から落ちて足をくじいた",
    ],
)
def test_everyday_injuries_and_a_bare_emoji_are_no_crisis(text):
    assert analyse(text).crisis is False


@pytest.mark.parametrize("text", ["🔪 もうむり", "除草剤を飲めば楽になれるかな"])
def test_an_emoji_or_a_poison_with_words_of_the_end_is_a_crisis(text):
    assert analyse(text).crisis is True


# The lexicon's own reading (the crisis model may still judge it again, NAV-15): classes
# added after blind sets 11–13, each with a near miss that must stay calm.
@pytest.mark.parametrize(
    ("text", "crisis", "code"),
    [
        # Someone collapsed and not answering: 119 now.
        ("ホームで男の人が倒れていて、声をかけても反応がない", True, "health"),
        ("父が台所で倒れて意識がない", True, "health"),
        ("祖母が倒れたけど、今は意識もはっきりしていて退院を待っている", False, None),
        # Someone living alone who does not answer, the post piling up.
        ("向かいの一人暮らしのおばあさん、新聞がたまっていて返事がない", True, "elderly_care"),
        ("お向かいのおばあさん、インターホンを押したら元気に出てきた", False, None),
        # Held where one cannot leave.
        ("車から降ろしてもらえない、知らない道を走ってる", True, "violence_women"),
        ("彼氏の家から出してもらえない", True, "violence_women"),
        # No adult and nothing to eat; an old person hit now.
        ("弟の家、親が帰ってこなくて冷蔵庫が空っぽ。小3", True, "child_abuse"),
        ("おじが認知症の祖父を殴っている", True, "elderly_care"),
        # A seizure that does not stop.
        ("娘のけいれんが10分たっても止まらない", True, "health"),
        ("昔はけいれんが止まらないこともあったが、今は薬で落ち着いている", False, None),
        # A parent with dementia gone out and not found.
        ("認知症の父が夕方に家を出て、まだ帰ってこない。外は寒い", True, "elderly_care"),
        ("認知症の母の眼鏡が見つからない", False, None),
        ("90代の祖母が深夜に出ていって、行方がわからない", True, "elderly_care"),
        (
            "入所しているグループホームから、母の行方がわからなくなったと電話があった",
            True,
            "elderly_care",
        ),
        # The voice gone mid-call.
        (
            "電話の途中で父の言葉が出なくなり、受話器が落ちる音がして応答がなくなった",
            True,
            "health",
        ),
        ("父が夜中まで帰ってこない。飲み歩いているらしい", False, None),
        # A baby a parent may throw; over a railing.
        ("夜泣きがひどくて赤ちゃんを投げそうになる", True, "child_abuse"),
        ("ベランダの柵を越えそうになる自分がいる", True, "suicidal"),
        ("自分がいなくなったほうが家族のためになる", True, "suicidal"),
        # Means round the neck; biting oneself until it bleeds.
        ("ロープを首に巻こうとしている母を止めた", True, "suicidal"),
        ("腕を噛んで血が出るまでやめられない", True, "suicidal"),
    ],
)
def test_the_lexicon_reads_danger_to_life_and_held_captive(text, crisis, code):
    result = get_analyzer().analyse(text)
    assert result.crisis is crisis
    if code is not None:
        assert code in result.codes[:2]


@pytest.mark.parametrize(
    "text",
    [
        # Denials in polite and plain forms, and acts denied as never done.
        "死にたい気持ちはありません。仕事の相談です",
        "消えたいという気持ちはありませんが、話し相手がほしい",
        "消えたいと思うようなことはございません",
        "死にたいとかそういう様子もない",
        "リスカとかはしたことないです",
        "彼氏に殴られたりはしてないけど束縛がきつい",
        "死のうとしたことはない",
        # Two wishes listed, then denied together; an English denial.
        "消えたいとか死にたいとかは全然思っていません",
        "I'm not suicidal, just lonely since I moved here",
        # A word asked about; devotion; a threat to one's career.
        "希死念慮という言葉の意味を教えてください",
        "この子のためなら死ねると思うくらいかわいい",
        "業界で生きていけなくしてやると上司に言われた",
        # A pause before the measure of embarrassment.
        "死にたい…くらい恥ずかしい失敗をした",
        # Idioms written in kana, which Sudachi reads as other words.
        "きょう あつくて しにそう",
        "さむくて こごえ しにそう",
        # Over now, said later in the same sentence.
        "前に「死にたい」って言ってた弟、今は仕事も見つかって元気になった",
        "母が一時期「消えたい」と言っていました。今は穏やかに過ごしています",
        # Said as a joke or in play.
        "部活で疲れすぎて死にたい笑　いや冗談やけど",
        "弟と戦いごっこで「殺すぞ」って言い合ってる",
        # A death told as past, politely or with しまう.
        "飼っていた金魚が死んでしまって、子どもが泣いている",
        "祖父が先月死にました。相続の相談をしたい",
        # Dreams, however they are told.
        "人に追いかけられて殺される夢をよく見る",
        "夢見が悪い。誰かに殺される夢みた",
    ],
)
def test_the_lexicon_sets_aside_denials_jokes_deaths_told_and_dreams(text):
    assert get_analyzer().analyse(text).crisis is False


@pytest.mark.parametrize(
    "text",
    [
        "冗談じゃなくて本当に消えたい",
        # Kana that is no idiom; a pretence of being well; the past about to return.
        "つらくて しにそう",
        "死にたいと思ってた、今は元気なふりしてるけど",
        "前に手首を切ったことがあって、「また同じことをしそう」と言っている",
        "Meu filho tomou muitos remédios de propósito",
        "消えたいとか死にたいとかしか考えられない",
        "I want to kill myself",
        "「役立たず」という言葉に耐えられず、遺書を書いた",
        "ここに書いたのが最後の言葉になると思う",
        # No attachment left is the crisis itself, not a denial of one.
        "妻に先立たれ、この世に未練はありません",
        # Sudachi cuts リスカしてて apart; the surface is still found.
        "彼女がリスカしてて、やめてほしい",
        "人生ログアウトしたい。リセットボタンどこ",
        "冗談みたいに言うけど毎日死にたい",
        # Play that hides abuse, and a whim, are no joke.
        "お医者さんごっこって言って義父に体を触られる。娘は小2",
        "ノリでODした。今ふらふらする",
        "死のうとしたことがある。今もその気持ちが消えない",
        "もう死にます",
        "二人で死ぬしかないと母が言う、介護に疲れて",
        "死んでしまった方が楽",
    ],
)
def test_the_lexicon_keeps_a_crisis_said_in_earnest(text):
    assert get_analyzer().analyse(text).crisis is True


def test_an_english_negation_sets_aside_crisis_terms_but_not_the_trouble_it_names():
    # "not" before a crisis term denies it; "no" before a code's term is the trouble itself.
    assert get_analyzer().analyse("I'm not suicidal").crisis is False
    assert "livelihood" in get_analyzer().analyse("I have no money").codes


def test_a_death_told_as_past_is_set_aside_so_the_model_must_be_surer():
    # 死ぬ found and read as a death that happened: not a crisis, and marked as set aside.
    told = get_analyzer().analyse("飼っていた金魚が死にました")
    assert told.crisis is False and told.set_aside is True
    assert get_analyzer().analyse("金魚にえさをあげた").set_aside is False
