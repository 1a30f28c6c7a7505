"""schema.org ClaimReview: a JSON array of one review per card with a final verdict (what Google Fact
Check Tools and search engines read).

    {"@context": "https://schema.org", "@type": "ClaimReview", "url", "claimReviewed",
     "author": {"@type": "Organization", "name", "url"}, "datePublished",
     "reviewRating": {"@type": "Rating", "alternateName", "ratingValue", "bestRating", "worstRating",
                      "ratingExplanation"},
     "itemReviewed": {"@type": "Claim", "author": {"@type": "Person" | "Organization", "name", "sameAs"},
                      "datePublished", "appearance": [{"@type": "CreativeWork", "url"}],
                      "firstAppearance": {"@type": "CreativeWork", "url"}}}

url is the final verdict's review URL, else the organization's URL with #claim-<card id>; datePublished
the verdict's publication date, else the day it was set. Keys without a value are left out (Google
warns on empty ones).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from factcheck.core.claims import ClaimCard, Organization, Verdict, VerdictScale
from factcheck.core.errors import FactcheckError

CONTEXT = "https://schema.org"


@dataclass(frozen=True)
class ReviewInput:
    card: ClaimCard
    final: Verdict
    speaker_name: str
    speaker_kind: str  # "person" | "organization"
    speaker_same_as: tuple[str, ...]
    appearances: tuple[str, ...]
    first_appearance: str | None
    scale: VerdictScale
    organization: Organization


def review_url(item: ReviewInput) -> str:
    if item.final.review_url:
        return item.final.review_url
    if not item.organization.url:
        raise FactcheckError(
            f"The claim card {item.card.id!r} has no review URL and the project no organization URL, so its "
            "ClaimReview would have no url: set the organization (factcheck claims --organization NAME "
            "--organization-url URL) or the final verdict's review URL. Nothing was written."
        )
    return f"{item.organization.url.split('#')[0]}#claim-{item.card.id}"


def _work(url: str) -> dict[str, Any]:
    return {"@type": "CreativeWork", "url": url}


def review(item: ReviewInput) -> dict[str, Any]:
    """One ClaimReview object."""
    final, card, scale = item.final, item.card, item.scale
    value = scale.value_of(final.verdict)
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": final.verdict}
    if value is not None:
        rating.update(ratingValue=value, bestRating=scale.best, worstRating=scale.worst)
    if final.explanation:
        rating["ratingExplanation"] = final.explanation
    claim: dict[str, Any] = {"@type": "Claim"}
    if item.speaker_name:
        author: dict[str, Any] = {
            "@type": "Organization" if item.speaker_kind == "organization" else "Person",
            "name": item.speaker_name,
        }
        if item.speaker_same_as:
            author["sameAs"] = list(item.speaker_same_as)
        claim["author"] = author
    if card.claim_date:
        claim["datePublished"] = card.claim_date
    if item.appearances:
        claim["appearance"] = [_work(u) for u in item.appearances]
    if item.first_appearance:
        claim["firstAppearance"] = _work(item.first_appearance)
    publisher: dict[str, Any] = {"@type": "Organization"}
    if item.organization.name:
        publisher["name"] = item.organization.name
    if item.organization.url:
        publisher["url"] = item.organization.url
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": review_url(item),
        "claimReviewed": card.text,
        "author": publisher,
        "datePublished": final.date_published or final.updated_at[:10],
        "reviewRating": rating,
        "itemReviewed": claim,
    }
    return out


def reviews(items: Sequence[ReviewInput]) -> list[dict[str, Any]]:
    return [review(item) for item in items]


def write(objects: Sequence[dict[str, Any]], fh: TextIO) -> None:
    """The array, one review a line (a diff of two exports stays readable)."""
    if not objects:
        fh.write("[]\n")
        return
    fh.write("[\n" + ",\n".join(json.dumps(o, ensure_ascii=False) for o in objects) + "\n]\n")
