"""A small invented archive written row by row (no extraction), so that page tests can assert exact numbers.

Five articles, five people, five meetings (and one rejected), six statements:

====  =========  ==========  ==============  ===============  ================================
id    kind       own date    place           countries        people
====  =========  ==========  ==============  ===============  ================================
1     meeting    2021-03-03  Oslo            NO CL            Halvorsen (chair), Riquelme
2     summit     2021-06-09  Lima            PE CL AR BO      Paredes (chair), Riquelme,
                                             EC NO            Halvorsen
3     visit      2020-11     Karura Lodge    NO KE            Halvorsen, Wekesa
                             (KE, not
                             located)
4     call       none        none            NO JP            Halvorsen, Tanabe
5     meeting    none        Tokyo           JP NO            Tanabe (chair), Halvorsen
6     talks      rejected    Oslo            NO CL            Halvorsen, Riquelme
====  =========  ==========  ==============  ===============  ================================

Articles 1, 2 and 5 are published (2021-03-04, 2021-06-10, 2023-01-15); 3 and 4 are not, so meeting 4
and the statements of articles 3 and 4 have no date at all, while meeting 5 takes its article's date.
"""
from __future__ import annotations

import json

COUNTRY_OF = {1: "NO", 2: "CL", 3: "JP", 4: "KE", 5: "PE"}
PEOPLE = [
    (1, "Ingrid Halvorsen", "NO", "Foreign Minister", ["Halvorsen"]),
    (2, "Tomás Riquelme", "CL", "Foreign Minister", ["Riquelme"]),
    (3, "Keiko Tanabe", "JP", "Foreign Minister", ["Tanabe"]),
    (4, "Amina Wekesa", "KE", "Cabinet Secretary", []),
    (5, "Lucía Paredes", "PE", "President", ["Paredes"]),
]
PLACES = [
    (1, "Oslo", "NO", 59.91273, 10.74609),
    (2, "Lima", "PE", -12.04318, -77.02824),
    (3, "Karura Lodge", "KE", None, None),
    (4, "Tokyo", "JP", 35.6895, 139.69171),
]
ARTICLES = [
    (1, "Norway and Chile talk fisheries in Oslo", "2021-03-04",
     "Foreign Minister Ingrid Halvorsen met Chilean Foreign Minister Tomás Riquelme in Oslo. "
     "Halvorsen said Norway would deepen fisheries cooperation with Chile. "
     "Riquelme said Chile would stay outside NATO planning. The two ministers also held talks."),
    (2, "Six leaders meet in Lima", "2021-06-10",
     "President Lucía Paredes hosted the leaders of Chile, Argentina, Bolivia, Ecuador and Norway in Lima. "
     "Paredes said the summit agreed on a fisheries fund."),
    (3, "Envoy in Nairobi", None,
     "In November 2020 Halvorsen visited Cabinet Secretary Amina Wekesa at Karura Lodge. "
     "The Norwegian Foreign Ministry said the visit opened talks on sanctions."),
    (4, "A call", None,
     "Halvorsen and Foreign Minister Keiko Tanabe spoke by telephone. A spokesperson said the call was friendly."),
    (5, "Tanabe receives Halvorsen in Tokyo", "2023-01-15",
     "Keiko Tanabe received Ingrid Halvorsen in Tokyo. "
     "Tanabe said Japan and Norway share concerns about sanctions on Russia."),
]
# id, article, kind, date, precision, place, chair, countries, people, evidence (first sentence unless given), rejected
MEETINGS = [
    (1, 1, "meeting", "2021-03-03", "day", 1, 1, ["CL", "NO"], [1, 2], None, 0),
    (2, 2, "summit", "2021-06-09", "day", 2, 5, ["AR", "BO", "CL", "EC", "NO", "PE"], [5, 2, 1], None, 0),
    (3, 3, "visit", "2020-11", "month", 3, None, ["KE", "NO"], [1, 4], None, 0),
    (4, 4, "call", None, None, None, None, ["JP", "NO"], [1, 3], None, 0),
    (5, 5, "meeting", None, None, 4, 3, ["JP", "NO"], [3, 1], None, 0),
    (6, 1, "talks", None, None, 1, None, ["CL", "NO"], [1, 2], "The two ministers also held talks.", 1),
]
# id, article, speaker person, organisation, speaker name, text, kind, date, countries
STATEMENTS = [
    (1, 1, 1, None, "Halvorsen", "Norway would deepen fisheries cooperation with Chile", "indirect", None,
     ["CL", "NO"]),
    (2, 1, 2, None, "Riquelme", "Chile would stay outside NATO planning", "indirect", None, ["CL"]),
    (3, 2, 5, None, "Paredes", "the summit agreed on a fisheries fund", "indirect", None, []),
    (4, 3, None, 1, "The Norwegian Foreign Ministry", "the visit opened talks on sanctions", "indirect", None, []),
    (5, 4, None, None, "A spokesperson", "the call was friendly", "indirect", None, []),
    (6, 5, 3, None, "Tanabe", "Japan and Norway share concerns about sanctions on Russia", "indirect", None,
     ["JP", "NO", "RU"]),
]


def build(path) -> None:
    """Write the archive above to ``path`` (schema.sql applied by archive.store)."""
    from archive import events, store, summaries
    from archive.names import normalise

    db = store.open_db(path)
    bodies = {a[0]: a[3] for a in ARTICLES}
    with db.atomic():
        db["articles"].insert_all(
            {"id": i, "name": f"article{i}.txt", "path": f"/invented/article{i}.txt", "title": title,
             "published": published, "source": "Invented Wire", "license": "CC0", "format": "txt",
             "sha256": f"{i:064d}", "body": body, "loaded_at": "2024-01-01T00:00:00"}
            for i, title, published, body in ARTICLES)
        db["people"].insert_all(
            {"id": i, "name": name, "country": country, "role": role, "roles": json.dumps([role]),
             "article_count": 1, "mention_count": 10 - i, "name_norm": normalise(name),
             "surname_norm": normalise(name.split()[-1])} for i, name, country, role, _ in PEOPLE)
        db["person_aliases"].insert_all(
            {"person_id": i, "alias": alias, "alias_norm": normalise(alias), "kind": "name"}
            for i, _, _, _, aliases in PEOPLE for alias in aliases)
        db["organisations"].insert({"id": 1, "name": "Norwegian Foreign Ministry", "country": "NO",
                                    "kind": "ministry", "name_norm": "norwegian foreign ministry"})
        db["places"].insert_all(
            {"id": i, "name": name, "country": country, "latitude": lat, "longitude": lon,
             "resolved": int(lat is not None), "name_norm": normalise(name)}
            for i, name, country, lat, lon in PLACES)
        for (i, article, kind, date, precision, place, chair, countries, people, evidence,
             rejected) in MEETINGS:
            body = bodies[article]
            evidence = evidence or body[: body.index(". ") + 1]
            start = body.index(evidence)
            names = sorted(name for pid, name, *_ in PEOPLE if pid in people)
            db["meetings"].insert({
                "id": i, "article_id": article, "kind": kind, "date": date, "date_precision": precision,
                "planned": 0, "place_id": place, "chair_id": chair, "evidence": evidence, "start": start,
                "end": start + len(evidence), "participants": json.dumps(countries),
                "participant_names": json.dumps(names, ensure_ascii=False), "key": f"article{article}.txt@{start}",
                "rejected": rejected})
            db["meeting_countries"].insert_all({"meeting_id": i, "iso2": c} for c in countries)
            db["meeting_people"].insert_all({"meeting_id": i, "person_id": p} for p in people)
        for i, article, person, org, speaker, text, kind, date, countries in STATEMENTS:
            start = bodies[article].index(text)
            db["statements"].insert({
                "id": i, "article_id": article, "speaker_id": person, "organisation_id": org,
                "speaker_name": speaker, "text": text, "kind": kind, "date": date, "cue": "said",
                "start": start, "end": start + len(text), "countries": json.dumps(countries),
                "key": f"article{article}.txt@{start}", "rejected": 0})
            db["statement_countries"].insert_all({"statement_id": i, "iso2": c} for c in countries)
        db["article_people"].insert_all(
            {"article_id": a, "person_id": p, "role": None, "roles": "[]"}
            for a, p in {(m[1], p) for m in MEETINGS if not m[10] for p in m[8]})
        db["article_countries"].insert_all(
            {"article_id": a, "iso2": c, "count": 1} for a, c in {(m[1], c) for m in MEETINGS for c in m[7]})
        events.link(db)  # what every load ends with
        summaries.rebuild(db, "2024-01-01T00:00:00")
    db.conn.close()
