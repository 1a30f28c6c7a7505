"""The ClaimReview export of a small debate, checked against Google's required and recommended
properties with a SHACL shape (pyshacl). The schema.org context is read from a local copy of the terms
used (claimreview/schemaorg-context.jsonld, an excerpt of https://schema.org/docs/jsonldcontext.jsonld):
the tests never reach the network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyshacl import validate
from rdflib import Graph

from db import Store, claim_settings, claims
from factcheck.core.claims import Organization
from factcheck.core.errors import FactcheckError
from factcheck.services.exporting import export
from tests.helpers.claims import DEBATE_URL, Debate, make_debate

# pyshacl still builds an rdflib ConjunctiveGraph inside validate(); that is its business, not ours.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

HERE = Path(__file__).parent / "claimreview"
SHAPES = Graph().parse(HERE / "google-claimreview.shapes.ttl", format="turtle")
CONTEXT = json.loads((HERE / "schemaorg-context.jsonld").read_text(encoding="utf-8"))["@context"]


def _export(store: Store, path: Path) -> list[dict[str, Any]]:
    export(store, "claimreview", path)
    reviews: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return reviews


def _graph(reviews: list[dict[str, Any]]) -> Graph:
    local = []
    for review in reviews:
        assert review["@context"] == "https://schema.org"
        local.append({**review, "@context": CONTEXT})  # the same terms, from the local copy
    return Graph().parse(data=json.dumps(local), format="json-ld")


def _check(reviews: list[dict[str, Any]], *, allow_warnings: bool = False) -> tuple[bool, str]:
    conforms, _, text = validate(
        _graph(reviews), shacl_graph=SHAPES, inference="none", advanced=True, allow_warnings=allow_warnings
    )
    return bool(conforms), str(text)


@pytest.fixture
def debate(store: Store) -> Debate:
    return make_debate(store)


def test_the_debate_exports_one_review_per_card_with_a_final_verdict(
    store: Store, debate: Debate, tmp_path: Path
) -> None:
    reviews = _export(store, tmp_path / "reviews.json")
    assert [r["claimReviewed"] for r in reviews] == [c.text for c in debate.cards[:3]]
    first = reviews[0]
    assert first["@type"] == "ClaimReview"
    assert first["url"] == f"https://factdesk.example.org#claim-{debate.cards[0].id}"
    assert first["author"] == {
        "@type": "Organization",
        "name": "Fact Desk",
        "url": "https://factdesk.example.org",
    }
    assert first["datePublished"] == "2026-03-02"
    assert first["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "True",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
        "ratingExplanation": "The record shows it is true.",
    }
    assert first["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Anna Smith", "sameAs": ["https://www.wikidata.org/wiki/Q1"]},
        "datePublished": "2026-03-01",
        "appearance": [{"@type": "CreativeWork", "url": DEBATE_URL}],
        "firstAppearance": {"@type": "CreativeWork", "url": DEBATE_URL},
    }
    assert reviews[1]["reviewRating"]["alternateName"] == "Half true"
    assert reviews[1]["itemReviewed"]["author"] == {"@type": "Person", "name": "Ben Jones"}


def test_the_export_meets_googles_required_and_recommended_properties(
    store: Store, debate: Debate, tmp_path: Path
) -> None:
    conforms, text = _check(_export(store, tmp_path / "reviews.json"))
    assert conforms, text


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        (lambda r: r.pop("claimReviewed"), "claimReviewed is required"),
        (lambda r: r.pop("url"), "url is required"),
        (lambda r: r["reviewRating"].pop("alternateName"), "alternateName is required"),
        (lambda r: r["reviewRating"].update(ratingValue=9), "between worstRating and bestRating"),
    ],
)
def test_the_shape_catches_a_missing_required_property(
    breaks: Any, message: str, store: Store, debate: Debate, tmp_path: Path
) -> None:
    reviews = _export(store, tmp_path / "reviews.json")
    breaks(reviews[0])
    conforms, text = _check(reviews, allow_warnings=True)
    assert not conforms and message in text


def test_a_missing_recommended_property_is_a_warning(store: Store, debate: Debate, tmp_path: Path) -> None:
    reviews = _export(store, tmp_path / "reviews.json")
    reviews[0]["itemReviewed"].pop("author")
    assert _check(reviews, allow_warnings=True)[0]
    conforms, text = _check(reviews)
    assert not conforms and "itemReviewed.author is recommended" in text


def test_the_review_url_and_an_organization_speaker(store: Store, debate: Debate, tmp_path: Path) -> None:
    store._db.execute("UPDATE speakers SET kind = 'organization' WHERE id = 'sp-jones'")
    card = debate.cards[1]
    claims.set_final_verdict(
        store, card.id, "rita", "False", "", review_url="https://factdesk.example.org/r/2"
    )
    review = _export(store, tmp_path / "reviews.json")[1]
    assert review["url"] == "https://factdesk.example.org/r/2"
    assert review["itemReviewed"]["author"]["@type"] == "Organization"
    assert "ratingExplanation" not in review["reviewRating"]
    assert _check([review])[0]


def test_no_final_verdict_no_review_and_no_url_no_export(store: Store, tmp_path: Path) -> None:
    assert _export(store, tmp_path / "empty.json") == []
    make_debate(store)
    claim_settings.set_organization(store, Organization("Fact Desk", ""))
    with pytest.raises(FactcheckError, match="no review URL and the project no organization URL"):
        export(store, "claimreview", tmp_path / "none.json")
    assert not (tmp_path / "none.json").exists()
