"""Each indicator on the hand-built year of `scenario.py`; every expected figure is counted by
hand in the comments (see docs/indicators.md for the definitions)."""

import datetime
import json

import pytest

from maillage.networks.models import Network
from maillage.reporting.indicators import _percentile, compute_indicators
from maillage.reporting.tests.scenario import END, START, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario():
    return build()


@pytest.fixture
def data(scenario):
    return compute_indicators(networks=[scenario.network], start=START, end=END)


def test_the_report_is_json_and_names_its_scope(scenario, data):
    assert json.loads(json.dumps(data)) == data
    assert data["meta"]["start"] == "2026-01-01"
    assert data["meta"]["end"] == "2026-12-31"
    assert data["meta"]["networks"] == [
        {"slug": scenario.network.slug, "name": scenario.network.name}
    ]
    assert data["meta"]["empty"] is False


def test_requests_by_origin_channel_reason_and_outcome(data):
    r = data["requests"]
    # r1, r2, r4 (31/12 23:30), r5a (stub forwarded), r5c (came back); not the 31/12/2025 one.
    assert r["total"] == 5
    assert r["received_by_forward"] == 1  # r5c
    assert r["first_hand"] == 4
    assert r["by_origin"] == {
        "gp": 1,
        "primary_care": 2,  # r5a and r5c (nurse)
        "hospital": 1,  # r4 (hospital social worker)
        "medico_social": 0,
        "social_services": 0,
        "patient": 0,
        "family": 1,
        "other": 0,
    }
    assert r["by_channel"] == {
        "phone": 1,
        "email": 2,
        "web": 1,
        "letter": 0,
        "hospital": 1,
        "on_site": 0,
    }
    # r1 has two reasons; the stub has none.
    assert {k: v for k, v in r["by_reason"].items() if v} == {
        "coordination": 1,
        "carer": 1,
        "information": 1,
        "return_home": 1,
        "keep_home": 1,
    }
    assert r["by_outcome"] == {
        "information_orientation": 1,
        "punctual_support": 0,
        "accompaniment": 1,
        "accepted_not_enrolled": 0,
        "forwarded": 1,
        "refused": 1,
        "pending": 1,
    }


def test_forwarded_then_returned_request_seen_by_the_platform(scenario):
    data = compute_indicators(networks=Network.objects.all(), start=START, end=END)
    # Network: 5; other network: the stub it forwarded back and its own request.
    assert data["requests"]["total"] == 7
    assert data["requests"]["received_by_forward"] == 2  # r5c, and the other's copy (stub)
    assert data["requests"]["by_outcome"]["forwarded"] == 2


def test_ruptures_and_unmet_needs(data):
    assert data["ruptures"] == {
        "requests": {"rupture": 1, "unmet_need": 1},
        "journal": {"rupture": 0, "unmet_need": 1},
        "total": {"rupture": 1, "unmet_need": 2},
    }


def test_file_active_and_per_coordinator_fte(data, scenario):
    fa = data["file_active"]
    # p1 (journal, enrolment), p2 (enrolled on 31/12), p3 (call), p4 (call); not p5 (objected
    # to reuse), not p6 (journal of 2025 only).
    assert fa["patients"] == 4
    assert fa["coordinator_fte"] == pytest.approx(1.3)
    assert fa["patients_per_coordinator_fte"] == pytest.approx(3.1)  # 4 / 1.3 = 3.08
    by = {row["label"]: (row["patients"], row["fte"]) for row in fa["by_coordinator"]}
    assert by == {"Alice Coord": (2, 0.8), "Bruno Coord": (2, 0.5)}  # p1, p3 / p2, p4


def test_enrolments_re_enrolment_last_day_and_death_after_the_period(data):
    en = data["enrolments"]
    assert en["new"] == 2  # e1 (20/01), e2b (31/12); p5's is left out
    assert en["re_enrolments"] == 1  # e2b follows e2a
    assert en["first_enrolments"] == 1
    assert en["closed"] == 1  # e3 on 30/06; p4's death closure is dated 05/01/2027
    assert en["closures_by_reason"]["stabilised"] == 1
    assert en["closures_by_reason"]["death"] == 0
    assert en["open_at_end"] == 4  # e1, e2b, e4 (closed in 2027), e6


def test_delays_median_and_p90(data):
    d = data["delays"]
    # Contact: r1 2 days, r2 0 (same day), r5c 1 → [0, 1, 2].
    assert d["request_to_first_contact"] == {"n": 3, "median_days": 1.0, "p90_days": 1.8}
    # Decision: r1 8, r2 4, r5c 6 → [4, 6, 8]; p90 = 6 + 0.8 × 2.
    assert d["first_contact_to_decision"] == {"n": 3, "median_days": 6.0, "p90_days": 7.6}
    # r1 decided 20/01; first signed assessment after it 03/02 (not the one of 01/11/2025).
    assert d["decision_to_first_assessment"] == {"n": 1, "median_days": 14.0, "p90_days": 14.0}
    # 03/02 → first validated PPS 05/03.
    assert d["first_assessment_to_first_validated_pps"] == {
        "n": 1,
        "median_days": 30.0,
        "p90_days": 30.0,
    }
    # 10/01 → 05/03: 21 + 28 + 5.
    assert d["request_to_first_validated_pps"]["median_days"] == 54.0


def test_length_of_follow_up(data):
    # e3: 01/03/2025 → 30/06/2026 = 365 + 31 + 30 + 31 + 29 = 486 days.
    assert data["follow_up"] == {"n": 1, "median_days": 486.0, "p90_days": 486.0}


def test_pps_written_validated_and_reviewed_on_time(data):
    p = data["pps"]
    assert p["written"] == 1
    assert p["validated_versions"] == 2
    assert p["first_versions_validated"] == 1
    assert p["review_due"] == 1  # v1, due 05/09/2026 (v2 is due in 2027)
    assert p["reviewed_on_time"] == 1  # v2 validated 01/09
    assert p["reviewed_late"] == 0
    assert p["not_reviewed"] == 0
    assert p["reviewed_on_time_rate"] == 100.0


def test_patients_by_age_sex_commune_thematic_and_gir(data):
    pa = data["patients"]
    assert pa["total"] == 4
    # p3 born 31/12/1951 turns 75 on the last day of the period.
    assert pa["by_age_band"] == {"0_17": 0, "18_59": 1, "60_74": 1, "75_84": 1, "85_plus": 1}
    assert pa["by_sex"] == {"F": 2, "M": 2}
    assert pa["by_commune"] == [
        {"insee_code": "44109", "name": "Nantes", "patients": 3},
        {"insee_code": "44184", "name": "Saint-Nazaire", "patients": 1},
    ]
    # Enrolments covering the period: e1 pa, e2b onco, e3 pa, e4 none.
    assert pa["by_thematic"] == {"onco": 1, "pa": 2, "unknown": 1}
    assert pa["by_gir"] == {
        "gir_1": 0,
        "gir_2": 1,
        "gir_3": 0,
        "gir_4": 0,
        "gir_5": 0,
        "gir_6": 0,
        "unknown": 3,
    }


def test_hospital_stays_and_readmissions(data):
    h = data["hospital"]
    assert h["stays"] == 2  # p5's stay is left out
    assert h["patients"] == 1
    assert h["readmissions_30d"] == 1
    assert h["readmission_rate"] == 50.0
    assert h["by_kind"]["mco"] == 1 and h["by_kind"]["urgences"] == 1


def test_journal_activity_and_time_by_kind(data):
    j = data["journal"]
    # Calls: p1 20, p3 15, p4's correction 30 (the corrected entry gives way).
    assert j["by_kind"]["call"] == {"entries": 3, "minutes": 65}
    assert j["by_kind"]["visit"] == {"entries": 1, "minutes": 60}
    assert j["by_kind"]["note"] == {"entries": 1, "minutes": 10}
    assert j["entries"] == 5
    assert j["minutes"] == 135
    assert j["by_kind"]["office_visit"] == {"entries": 0, "minutes": 0}
    # Contacts: the 3 calls and the home visit; the note is not a contact.
    assert j["contacts"] == 4


def test_an_office_visit_is_a_contact_like_a_home_visit(scenario, data):
    from maillage.patients.models import JournalKind
    from maillage.patients.tests.factories import JournalEntryFactory

    # p6's only entry is of 2025: an office visit in 2026 puts them in the file active.
    JournalEntryFactory(
        patient=scenario.patients["p6"],
        network=scenario.network,
        kind=JournalKind.OFFICE_VISIT,
        occurred_at=datetime.datetime(2026, 5, 4, 10, tzinfo=datetime.UTC),
        duration_minutes=40,
    )
    after = compute_indicators(networks=[scenario.network], start=START, end=END)
    assert after["journal"]["by_kind"]["office_visit"] == {"entries": 1, "minutes": 40}
    assert after["journal"]["contacts"] == data["journal"]["contacts"] + 1
    assert after["file_active"]["patients"] == data["file_active"]["patients"] + 1


def test_support_care(data):
    sc = data["supportcare"]
    assert sc["referrals"] == 1  # p1's psychology referral (p3's is of 2025)
    assert sc["referrals_by_kind"]["psychology"] == 1
    assert sc["sessions_held"] == 3  # 2 psychology + 1 APA in 2026
    assert sc["sessions_by_kind"]["psychology"]["held"] == 2
    assert sc["sessions_by_kind"]["psychology"]["missed_unexcused"] == 1
    assert sc["sessions_by_kind"]["apa"]["held"] == 1
    assert sc["amount_spent"] == 130.0
    (line,) = sc["by_funding_line"]
    assert line["budget"] == 10000.0
    assert line["spent_in_period"] == 130.0
    assert line["spent_percent"] == 1.3


def test_training(data):
    t = data["training"]
    assert t["events"] == 1  # held in 2026; the 2025 one and the cancelled one are left out
    assert t["events_by_kind"]["info_evening"] == 1
    assert t["attendees"] == 3
    assert t["attendees_by_profession"]["gp"] == 2
    assert t["attendees_by_profession"]["nurse"] == 1
    assert t["satisfaction"] == {"responses": 2, "overall_mean": 4.5, "usefulness_mean": 3.5}


def test_professionals_by_category(data):
    pr = data["professionals"]
    # The same doctor for p1 and p2; the nurse left in 2025; p4's gp was an error.
    assert pr["by_category"]["gp"] == 1
    assert pr["by_category"]["home_help"] == 1
    assert pr["by_category"]["nurse"] == 0
    assert pr["total"] == 2


def test_thematic_filter(scenario):
    data = compute_indicators(networks=[scenario.network], start=START, end=END, thematic="onco")
    assert data["meta"]["thematic"] == "onco"
    assert data["file_active"]["patients"] == 1  # p2
    assert data["enrolments"]["new"] == 1


def test_other_network_sees_none_of_it(scenario):
    data = compute_indicators(networks=[scenario.other], start=START, end=END)
    assert data["requests"]["total"] == 2
    assert data["file_active"]["patients"] == 1
    assert data["journal"]["entries"] == 1


def test_empty_period_says_so(scenario):
    data = compute_indicators(
        networks=[scenario.network],
        start=datetime.date(2030, 1, 1),
        end=datetime.date(2030, 12, 31),
    )
    assert data["meta"]["empty"] is True
    assert data["file_active"]["patients"] == 0


def test_end_before_start_is_refused(scenario):
    with pytest.raises(ValueError, match="précède"):
        compute_indicators(networks=[scenario.network], start=END, end=START)


def test_percentile_matches_postgresql_percentile_cont():
    assert _percentile([0, 1, 2], 0.9) == pytest.approx(1.8)
    assert _percentile([5], 0.5) == 5
    assert _percentile([1, 2, 3, 4], 0.5) == 2.5
    assert _percentile([], 0.5) is None


def test_a_few_queries(scenario, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        compute_indicators(networks=[scenario.network], start=START, end=END)
