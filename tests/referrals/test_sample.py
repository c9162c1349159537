from django.core.management import call_command

from tests.directory import factories as directory
from tsunagu.referrals.models import Referral
from tsunagu.referrals.sample import load_referral_sample


def test_it_loads_the_samples_once_for_the_demo_staff(world):
    directory.service(name="サンプル北区 見守り相談", codes=("elderly_care",), areas=(world.kita,))
    assert load_referral_sample() == 3
    assert load_referral_sample() == 3
    made = Referral.objects.filter(referrer=world.employee)
    assert made.count() == 3
    assert {r.status for r in made} == {"pending", "support_started", "self_contact"}
    assert all(r.person_name.startswith("サンプル") for r in made if r.person_name)


def test_it_loads_nothing_without_demo_staff(areas, capsys):
    call_command("load_referral_sample")
    assert "読み込みませんでした" in capsys.readouterr().out
    assert not Referral.objects.exists()
