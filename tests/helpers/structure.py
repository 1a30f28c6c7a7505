"""A project with every kind of structure: attribution, speakers, links, a discontinuous tag, emoji
before every span (offsets are code points)."""

from __future__ import annotations

from dataclasses import dataclass

from db import Store, attribution, links, speakers
from factcheck.core.links import Link, new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.core.speakers import Speaker, new_speaker

SEED = (
    "😀 Sergei Lavrov 😀 said 😀 that Trump accepted Putin's assertions. "
    "😀 Tillerson 😀 said 😀 it was not clear. 😀 The economy, 😀 he said, 😀 is booming. "
    "😀 He described the exchanges as 😀 “robust”."
)


@dataclass
class Seed:
    store: Store
    doc: Document
    lavrov: Annotation  # source
    said: Annotation  # cue
    claim: Annotation  # content, attributed to lavrov/said, indirect
    tillerson: Annotation  # source
    denial: Annotation  # content
    economy: Annotation  # discontinuous claim: "The economy," + "is booming"
    robust: Annotation  # characterization
    speaker: Speaker
    denies: Link
    characterizes: Link


def at(doc: Document, words: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(words, start + 1)
    return start, start + len(words)


def seed(store: Store, annotator: str = "alice", text: str = SEED) -> Seed:
    doc, _ = store.add_document(Document.create(text, title="Lavrov and Tillerson", source="seed.txt"))

    def tag(words: str, label: str, nth: int = 0) -> Annotation:
        start, end = at(doc, words, nth)
        return store.add_annotation(new_annotation(doc, start, end, label, annotator), doc.text)

    lavrov = tag("Sergei Lavrov", "source")
    said = tag("said", "cue")
    claim = tag("Trump accepted Putin's assertions", "claim")
    tillerson = tag("Tillerson", "source")
    denial = tag("it was not clear", "denial")
    economy = tag("The economy,", "claim")
    economy = attribution.set_pieces(store, economy.id, [at(doc, "The economy,"), at(doc, "is booming")])
    robust = tag("“robust”", "characterization")
    lavrov_speaker = speakers.add_speaker(
        store, new_speaker("Sergei Lavrov", same_as=("https://www.wikidata.org/wiki/Q155294",))
    )
    lavrov = attribution.set_speaker(store, lavrov.id, lavrov_speaker.id)
    claim = attribution.set_attribution(store, claim.id, source=lavrov.id, cue=said.id, quotation="indirect")
    denial = attribution.set_attribution(store, denial.id, source=tillerson.id, quotation="indirect")
    denies = links.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, annotator))
    characterizes = links.add_link(store, new_link(doc.id, "characterizes", robust.id, denial.id, annotator))
    return Seed(
        store,
        doc,
        lavrov,
        said,
        claim,
        tillerson,
        denial,
        economy,
        robust,
        lavrov_speaker,
        denies,
        characterizes,
    )
