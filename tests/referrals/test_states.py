import pytest

from tsunagu.referrals.states import (
    CLOSED,
    OPEN,
    TRANSITIONS,
    Outcome,
    Status,
    TransitionError,
    check_transition,
    outcome_of,
)


def test_the_happy_path_is_allowed():
    check_transition(Status.PENDING, Status.ACCEPTED)
    check_transition(Status.ACCEPTED, Status.CONTACTED)
    check_transition(Status.CONTACTED, Status.SUPPORT_STARTED)


def test_it_rejects_skipping_acceptance_with_the_allowed_choices_named():
    with pytest.raises(TransitionError) as error:
        check_transition(Status.PENDING, Status.CONTACTED)
    assert "受付待ち" in str(error.value)
    assert "受付済" in str(error.value)


def test_it_rejects_any_change_to_a_closed_referral():
    for closed in CLOSED:
        for target in Status.values:
            with pytest.raises(TransitionError, match="終了"):
                check_transition(closed, target)


@pytest.mark.parametrize("status", [Status.DECLINED, Status.NOT_ELIGIBLE])
def test_it_rejects_a_decline_without_a_reason(status):
    source = Status.CONTACTED
    with pytest.raises(TransitionError, match="理由"):
        check_transition(source, status, reason="   ")
    check_transition(source, status, reason="本人が家族と相談して決めたいとのこと")


def test_it_rejects_an_unknown_status():
    with pytest.raises(TransitionError):
        check_transition(Status.PENDING, "vanished")


def test_every_open_status_can_still_end_and_closed_ones_cannot_move():
    assert set(TRANSITIONS) == OPEN
    assert all(TRANSITIONS[s] for s in OPEN)
    assert not OPEN & CLOSED


def test_the_referrer_sees_only_three_final_classes():
    finals = {outcome_of(s) for s in Status.values if s not in OPEN | {Status.FORWARDED}}
    assert finals == {
        Outcome.CONNECTED,
        Outcome.NOT_CONNECTED,
        Outcome.DECLINED_OR_INELIGIBLE,
        Outcome.SELF_CONTACT,
    }
