"""Exporting claim cards: their part of the JSON project format, ClaimReview and the claims CSV.

`export_claims(store, fmt, out)` writes one of the card formats (`CLAIM_FORMATS`) from one consistent
snapshot, into a file that appears whole or not at all, or into a text stream.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TextIO

from db import Store, claim_settings, claims
from db.claim_listing import ClaimSummary, appearances_of, document_titles, first_appearances, list_cards
from db.claim_members import cards_without_claim_tag
from db.exports import Selection, snapshot
from db.files import refuse_project_files
from factcheck.core.claims import Verdict
from factcheck.core.errors import FactcheckError
from factcheck.core.speaker_fields import good_urls
from factcheck.services.collector import collector_paused
from factcheck.services.formats import CLAIM_FORMATS, claimreview, claims_csv
from factcheck.services.formats.claims_json import CardRecord, tail
from factcheck.services.formats.jsonl_format import Cards
from factcheck.services.formats.output import text_output


def claims_tail(store: Store, sel: Selection, document_ids: Collection[str]) -> str:
    """The claim cards' keys of a JSON export (`export_cards`)."""
    cards = export_cards(store, sel, document_ids)
    return tail(cards.scale, cards.organization, cards.records)


def export_cards(store: Store, sel: Selection, document_ids: Collection[str]) -> Cards:
    """The claim cards of a JSON or JSONL export: every card (tombstones too) when the export is the
    whole project, else the live cards with a tag on one of the exported documents."""
    whole = sel.document_ids is None and not sel.selects_annotations
    rows = claims.export_rows(store, include_deleted=whole)
    if not whole:
        wanted = set(document_ids)
        keep = {s.id for s in list_cards(store) if wanted.intersection(s.document_ids)}
        rows = [r for r in rows if r[0].id in keep]
    withdrawn: dict[str, list[Verdict]] = {}
    for v in claims.verdicts(store, include_deleted=True):
        if v.deleted_at is not None:  # carried too: a merge of the file withdraws them as well
            withdrawn.setdefault(v.claim_id, []).append(v)
    records = [
        CardRecord(card, tags, votes, verdicts, withdrawn.get(card.id, ()))
        for card, tags, votes, verdicts in rows
    ]
    return Cards(claim_settings.scale(store), claim_settings.organization(store), records)


def export_claims(
    store: Store, fmt: str, out: Path | str | TextIO, *, cards: Sequence[ClaimSummary] | None = None
) -> int:
    """Write the cards in fmt ("claimreview": the cards with a final verdict; "claims-csv": every live
    card, oldest first, or the given list's cards in its order) to out (a path, or a text stream); the
    number of cards written."""
    if fmt not in CLAIM_FORMATS:
        raise FactcheckError(
            f"Unknown claim export format {fmt!r}; choose one of {', '.join(CLAIM_FORMATS)}."
        )
    if isinstance(out, str | os.PathLike):
        out = Path(out)
        refuse_project_files(out, store.path)
    with snapshot(store), collector_paused():  # tens of thousands of small objects, no cycles
        if fmt == "claimreview":
            reviews = claimreview.reviews(_review_inputs(store))
            with text_output(out) as fh:
                claimreview.write(reviews, fh)
            return len(reviews)
        records = claims_csv.records(
            list_cards(store, order="oldest") if cards is None else cards,
            claims.votes_by_card(store),
            claims.final_verdicts(store),
            appearances_of(store),
            document_titles(store),
        )
        with text_output(out, bom=True) as fh:
            return claims_csv.write(records, fh)


def _review_inputs(store: Store) -> list[claimreview.ReviewInput]:
    """The cards with a final verdict (the others are not reviewed yet) and a claim tag, oldest first."""
    scale = claim_settings.scale(store)
    org = claim_settings.organization(store)
    speakers = claim_settings.speakers(store)
    finals = claims.final_verdicts(store)
    if not finals:
        return []
    appearances = appearances_of(store)
    first = first_appearances(store)
    # A card whose tags were all relabelled since has no claim to review (`core.card_members`).
    no_claim = cards_without_claim_tag(store)
    out = []
    for card in claims.cards(store)[::-1]:
        final = finals.get(card.id)
        if final is None or card.id in no_claim:
            continue
        speaker = speakers.get(card.speaker) if card.speaker else None
        out.append(
            claimreview.ReviewInput(
                card=card,
                final=final,
                speaker_name=speaker.name if speaker else (card.speaker or ""),
                speaker_kind=speaker.kind if speaker else "person",
                speaker_same_as=good_urls(speaker.same_as) if speaker else (),  # web addresses only
                appearances=tuple(appearances.get(card.id, ())),
                first_appearance=first.get(card.id),
                scale=scale,
                organization=org,
            )
        )
    return out


def reviews_without_url(store: Store) -> list[str]:
    """The texts of the cards a ClaimReview export would refuse: a final verdict without a review URL
    while the project's organization has no web address to make one from (`claimreview.review_url`)."""
    if claim_settings.organization(store).url:
        return []
    return [item.card.text for item in _review_inputs(store) if not item.final.review_url]
