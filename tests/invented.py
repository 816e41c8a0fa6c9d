"""Invented articles with hand-written extractions, stored by ``archive.store`` as a load would.

For tests of what the archive does with extracted facts (resolution, curation, review):
the facts are exactly the ones written here, whatever the extractor would make of the text.
Offsets are found in the body; a name is mentioned wherever the body spells it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive import store
from archive.model import Article


@dataclass
class Story:
    """One article and the facts an extractor got from it (right or wrong)."""

    name: str
    body: str
    title: str | None = None
    published: str | None = None
    people: list = field(default_factory=list)  # {"name", "country", "roles", "forms": [other spellings]}
    organisations: list = field(default_factory=list)  # {"name", "country", "kind"}
    places: list = field(default_factory=list)  # {"name", "country"}
    meetings: list = field(default_factory=list)  # {"kind", "date", "evidence", "people", "countries", "place", "chair"}
    statements: list = field(default_factory=list)  # {"speaker", "text", "kind"}
    countries: list = field(default_factory=list)  # (iso2, word as written)

    def article(self) -> Article:
        return Article(name=self.name, path=f"/invented/{self.name}", body=self.body, title=self.title,
                       published=self.published)

    def extraction(self) -> dict:
        ids = {}
        people = [self._entity(p, f"p{n}", ids) for n, p in enumerate(self.people, 1)]
        organisations = [self._entity(o, f"o{n}", ids) for n, o in enumerate(self.organisations, 1)]
        places = [self._entity(p, f"l{n}", ids) for n, p in enumerate(self.places, 1)]
        return {
            "title": self.title, "published": self.published, "people": people, "organisations": organisations,
            "places": places,
            "countries": sorted({iso2 for iso2, _ in self.countries}),
            "country_mentions": [dict(m, iso2=iso2) for iso2, word in self.countries for m in self.spans(word)],
            "meetings": [self._meeting(m, ids) for m in self.meetings],
            "statements": [self._statement(s, ids) for s in self.statements],
        }

    def spans(self, text: str) -> list[dict]:
        return [{"text": text, "start": m.start(), "end": m.end()}
                for m in re.finditer(rf"(?<!\w){re.escape(text)}(?!\w)", self.body)]

    def span(self, text: str) -> tuple[int, int]:
        start = self.body.index(text)
        return start, start + len(text)

    def _entity(self, record: dict, local_id: str, ids: dict) -> dict:
        ids[record["name"]] = local_id
        forms = [record["name"], *record.get("forms", [])]
        return {"id": local_id, "name": record["name"], "country": record.get("country"),
                "kind": record.get("kind"), "roles": list(record.get("roles", [])), "aliases": record.get("forms", []),
                "mentions": [m for form in forms for m in self.spans(form)]}

    def _meeting(self, meeting: dict, ids: dict) -> dict:
        start, end = self.span(meeting["evidence"])
        return {"kind": meeting.get("kind", "meeting"), "date": meeting.get("date"),
                "date_precision": {4: "year", 7: "month", 10: "day"}.get(len(meeting.get("date") or "")),
                "evidence": meeting["evidence"], "start": start, "end": end,
                "people_ids": [ids[n] for n in meeting.get("people", [])],
                "countries": list(meeting.get("countries", [])),
                "place_id": ids.get(meeting.get("place")), "chair_id": ids.get(meeting.get("chair"))}

    def _statement(self, statement: dict, ids: dict) -> dict:
        start, end = self.span(statement["text"])
        speaker = statement.get("speaker")
        kind = "organisation" if ids.get(speaker, "").startswith("o") else "person"
        return {"speaker": speaker, "speaker_id": ids.get(speaker), "speaker_type": kind if speaker in ids else None,
                "text": statement["text"], "kind": statement.get("kind", "indirect"), "start": start, "end": end}


def save(db, *stories: Story) -> None:
    """Store the stories as a load would: one transaction each, then the upkeep after a load."""
    for story in stories:
        store.save_article(db, story.article(), story.extraction())
    store.finalize(db)
