"""Files a Welsh reader downloads (decision 0300): the action tracker's CSV has Welsh
headings and words, its JSON keeps the same English field names for every reader, and a
copy of someone's data says what it is in their language with its field names unchanged."""

from __future__ import annotations

import csv
import io

from portal.extensions import db
from tests.integration.test_actions import minutes_with_actions
from tests.integration.test_personal_data import last_email, link_in, read_zip, two_people


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))


def test_the_action_trackers_csv_is_in_the_readers_language_and_its_json_is_the_same(clerk, client):
    _, question, _ = minutes_with_actions(clerk)
    slug = question.meeting.committee.slug
    question.meeting.committee.name_cy = "Pwyllgor Craffu Plant"
    db.session.commit()
    english_csv = client.get(f"/committees/{slug}/actions.csv")
    english_json = client.get(f"/committees/{slug}/actions.json").get_json()

    client.get("/language/cy")
    welsh_csv = _csv(client.get(f"/committees/{slug}/actions.csv"))
    assert list(welsh_csv[0]) == [
        "Cyfarfod",
        "Dyddiad y cyfarfod",
        "Cwestiwn",
        "Cam gweithredu",
        "Cais am wybodaeth",
        "Adran gyfrifol",
        "Erbyn",
        "Ymateb",
        "Statws",
        "Dyddiad diweddaru",
    ]
    assert welsh_csv[0]["Cyfarfod"] == "Pwyllgor Craffu Plant"
    assert welsh_csv[0]["Statws"] in {"Ar agor", "Wedi'i wneud", "Wedi'i ollwng", "Yn hwyr"}
    assert [row["Cam gweithredu"] for row in welsh_csv] == [row["Action"] for row in _csv(english_csv)]
    # The JSON is the same file whatever the reader's language.
    assert client.get(f"/committees/{slug}/actions.json").get_json() == english_json


def test_a_copy_of_your_data_says_what_it_is_in_welsh_with_the_same_field_names(client):
    hannah, _ = two_people()
    client.get("/language/cy")
    client.post(f"/your-data/from-question/{hannah[0].tracking_token}")
    export = read_zip(client.get(link_in(last_email("your_data")) + "/download").data)
    assert export["about"].startswith("Popeth")
    assert "Saesneg" in export["field_names"]
    assert "question_as_you_sent_it" in export["questions"][0]
