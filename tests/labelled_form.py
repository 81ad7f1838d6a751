"""Fill in a page's form by the labels a person reads, then send it, as a browser would.

    form = LabelledForm(client.get("/staff/past-meetings/new"))
    form.fill("Venue", "Plough Lane, Hereford")
    form.choose("Committee", "Council")          # a select, by the option's text
    form.pick("Kind of question", "Question from a councillor")   # a radio in a fieldset
    form.tick("The record does not name them: it says 'Name and address supplied'")
    form.date("Date of the meeting", dt.date(2022, 9, 30))
    response = form.submit(client)

A label that is not on the page fails the test at once, naming the label.
"""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup, Tag
from werkzeug.datastructures import MultiDict


def _words(tag: Tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


def _buttons(form: Tag) -> list[str]:
    found = [_words(b) for b in form.find_all("button")]
    return found + [b.get("value", "") for b in form.find_all("input", type="submit")]


class LabelledForm:
    def __init__(self, response: object, *, button: str | None = None) -> None:
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        forms = [f for f in soup.find_all("form") if f.get("method", "get").lower() == "post"]
        if button is not None:
            forms = [f for f in forms if button in _buttons(f)]
        assert forms, "no form to fill in on the page"
        self.form = max(forms, key=lambda f: len(f.find_all(["input", "textarea", "select"])))
        self.action = self.form.get("action") or response.request.path
        self.values: dict[str, list[str]] = {}
        for field in self.form.find_all(["input", "textarea", "select"]):
            name = field.get("name")
            if not name:
                continue
            if field.name == "textarea":
                self.values.setdefault(name, []).append(field.get_text())
            elif field.name == "select":
                chosen = field.find("option", selected=True)
                self.values.setdefault(name, []).append(chosen.get("value", "") if chosen else "")
            elif field.get("type") in ("radio", "checkbox"):
                if field.has_attr("checked"):
                    self.values.setdefault(name, []).append(field.get("value", "on"))
            elif field.get("type") not in ("submit", "button"):
                self.values.setdefault(name, []).append(field.get("value", ""))

    def _label(self, text: str, within: Tag | None = None) -> Tag:
        scope = within or self.form
        for label in scope.find_all("label"):
            if _words(label) == text:
                return label
        raise AssertionError(f"no field labelled {text!r} on the page")

    def _field(self, text: str, within: Tag | None = None) -> Tag:
        label = self._label(text, within)
        field = self.form.find(id=label.get("for"))
        assert field is not None, f"the label {text!r} is for nothing"
        return field

    def _fieldset(self, legend: str) -> Tag:
        for fieldset in self.form.find_all("fieldset"):
            found = fieldset.find("legend")
            if found is not None and _words(found) == legend:
                return fieldset
        raise AssertionError(f"no group of fields called {legend!r} on the page")

    def fill(self, label: str, value: str) -> LabelledForm:
        field = self._field(label)
        self.values[field["name"]] = [value]
        return self

    def choose(self, label: str, option: str) -> LabelledForm:
        field = self._field(label)
        for candidate in field.find_all("option"):
            if _words(candidate) == option:
                self.values[field["name"]] = [candidate.get("value", "")]
                return self
        raise AssertionError(f"{label!r} has no option {option!r}")

    def pick(self, legend: str, option: str) -> LabelledForm:
        field = self._field(option, self._fieldset(legend))
        self.values[field["name"]] = [field["value"]]
        return self

    def tick(self, label: str) -> LabelledForm:
        field = self._field(label)
        self.values[field["name"]] = [field.get("value", "y")]
        return self

    def date(self, legend: str, day: dt.date) -> LabelledForm:
        boxes = [b for b in self._fieldset(legend).find_all("input") if b.get("name")]
        assert len(boxes) == 3, f"{legend!r} is not a day, month and year"
        self.values[boxes[0]["name"]] = [str(day.day), str(day.month), str(day.year)]
        return self

    def submit(self, client: object, **kwargs: object) -> object:
        data = MultiDict([(name, value) for name, values in self.values.items() for value in values])
        return client.post(self.action, data=data, **kwargs)


def follow_link(client: object, response: object, words: str) -> object:
    """Open the link (or link styled as a button) whose words are exactly `words`, as a person
    clicking it would. A page without it fails the test, naming the words."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    links = [a for a in soup.find_all("a", href=True) if _words(a) == words]
    assert links, f"no link reading {words!r} on the page"
    return client.get(links[0]["href"])
