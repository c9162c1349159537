import datetime as dt

from django.utils import timezone

from tsunagu.referrals import figures, services
from tsunagu.referrals.models import Referral


def _row(rows, ward, code):
    return next(r for r in rows if r.ward_code == ward and r.code == code)


def test_the_figures_count_per_ward_and_code(world, django_assert_num_queries):
    a = services.submit_referral(world.draft(), actor=world.employee)
    b = services.submit_referral(world.draft(trouble_codes=["elderly_care"]), actor=world.employee)
    services.submit_referral(world.draft(delivery="self_contact"), actor=world.employee)
    for referral in (a, b):
        services.accept_referral(referral.uuid, actor=world.window_staff)
        services.record_contact(referral.uuid, actor=world.window_staff)
    services.close_referral(a.uuid, actor=world.window_staff, outcome="support_started")
    now = timezone.now()
    Referral.objects.filter(pk=a.pk).update(
        created_at=now - dt.timedelta(days=4), contacted_at=now - dt.timedelta(days=2)
    )
    Referral.objects.filter(pk=b.pk).update(created_at=now - dt.timedelta(days=4), contacted_at=now)

    with django_assert_num_queries(3):
        rows = figures.figures(figures.referrals_in())

    care = _row(rows, world.kita.code, "elderly_care")
    assert (care.made, care.sent, care.accepted, care.connected) == (3, 2, 2, 1)
    assert care.median_days_to_contact == 3.0
    assert care.closed_within_14_days == 1
    assert care.share_closed_within_14_days == 0.5
    assert care.outcomes == {"支援開始": 1, "連絡済": 1, "本人が自分で連絡する": 1}
    lonely = _row(rows, world.kita.code, "loneliness")
    assert lonely.made == 2


def test_the_figures_can_be_limited_to_wards(world):
    services.submit_referral(world.draft(), actor=world.employee)
    assert figures.figures(figures.referrals_in(wards=[world.naniwa])) == []
