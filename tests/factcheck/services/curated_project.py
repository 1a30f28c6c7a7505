"""A realistic team project for the curated exports, built the same way every time (fixed ids, times and
choices), so that its exports can be compared byte for byte with files written by an earlier version.

Five articles (emoji, NBSP, CJK, combining accents, newlines); three annotators who mostly agree, with
shifted boundaries, other labels and missing tags; accepted, rejected and corrected tags; discontinuous
tags (the same pieces, other pieces, the envelope alone); attribution (a source tag with its speaker, a
cue, content tags pointing at both); notes with newlines, tabs, emoji and formula-like text; a deleted
tag, an orphaned one, an article tagged only by an orphaned tag, an untagged article.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from db import Store
from db.speakers import put_speakers
from factcheck.core.model import Annotation, Document, ReviewStatus, text_sha256
from factcheck.core.spans import annotation_at
from factcheck.core.speakers import Speaker

ANNOTATORS = ("ana", "bo", "chen")

TEXTS = (
    "The minister said crime fell by 20\u00a0% last year 📉. Critics called that figure misleading, "
    "and the opposition leader denied it outright.\nPolice data 🚓 show a rise of 3\u00a0% instead; "
    "the ministry says the data are “incomplete”. An economist called the claim a stretch.\n"
    "Later the minister said: «we never promised a fall».\n",
    "Le président a déclaré que le chômage a baissé. L’opposition a nié ce chiffre 🙅.\n"
    "東京の知事は、税金は上がらないと述べた。 Journalists called it a promise 🤝 nobody believed.\n"
    "Zoë Ĉapek said the café\u00a0bill was =SUM(A1) at most; that is a formula-like quote.\n",
    "A short report: the mayor claimed the bridge was safe 🌉, engineers disagreed, "
    "and the council denied any knowledge.\n\nThe mayor later called the engineers alarmist.\n",
    "Only one line here, its one tag orphaned by a correction of the text.\n",
    "Nobody tagged this article 🙈.\n",
)

#: The first stamp; each tag and decision takes the next second.
_BASE = "2026-03-01T09:{:02d}:{:02d}.{:06d}Z"


class _Clock:
    def __init__(self) -> None:
        self.tick = 0

    def __call__(self) -> str:
        self.tick += 1
        return _BASE.format(self.tick // 60, self.tick % 60, self.tick * 7 % 1_000_000)


def _doc(i: int, text: str) -> Document:
    return Document(
        id=f"doc-{i:02d}-0000-0000-0000-000000000000",
        title=f"Article {i} – {text.split(' ', 3)[1]}",
        source=f"articles/article-{i}.txt" if i != 2 else "",
        text=text,
        sha256=text_sha256(text),
        imported_at=f"2026-02-2{i}T08:00:00.000000Z",
    )


def _words(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each whitespace-separated word."""
    spans, start = [], None
    for i, c in enumerate(text + " "):
        if c.isspace():
            if start is not None:
                spans.append((start, i))
                start = None
        elif start is None:
            start = i
    return spans


_NOTES = (
    "",
    "",
    "",
    "check the ministry's table",
    "two lines:\nfirst, then second",
    "tab\there and an emoji 🧐",
    '=HYPERLINK("x")',
    "NBSP\u00a0inside, «guillemets»",
)


def build(path: Path) -> Store:
    """The project, in a new store at path (the caller closes it)."""
    rng = random.Random(20260301)
    clock = _Clock()
    store = Store.open(path)
    docs = [_doc(i, text) for i, text in enumerate(TEXTS)]
    with store.atomic():
        for doc in docs:
            store.add_document(doc)
    speaker = Speaker("spk-minister", "The minister", "person", "", (), clock(), clock())
    put_speakers(store, [speaker])
    anns: list[Annotation] = []
    serial = 0

    def tag(doc: Document, start: int, end: int, label: str, who: str, note: str = "") -> Annotation:
        nonlocal serial
        serial += 1
        now = clock()
        return annotation_at(doc, start, end, label, who, note=note, id=f"tag-{serial:04d}-{who}", now=now)

    def decide(ann: Annotation, status: ReviewStatus, reviewer: str, reason: str | None) -> Annotation:
        now = clock()
        return replace(ann, status=status, reviewer=reviewer, reason=reason, reviewed_at=now, updated_at=now)

    labels = ("claim", "denial", "characterization")
    for doc in docs[:3]:
        words = _words(doc.text)
        # attribution: each annotator's source tag (the first word) and cue (the second), with a speaker
        heads: dict[str, tuple[str, str]] = {}
        for who in ANNOTATORS:
            src = replace(tag(doc, *words[1], "source", who), speaker=speaker.id)
            cue = tag(doc, *words[2], "cue", who)
            anns += [src, cue]
            heads[who] = (src.id, cue.id)
        for k in range(3, len(words) - 4, 3):
            start, end = words[k][0], words[k + rng.randint(0, 3)][1]
            label = rng.choice(labels)
            pieces: tuple[tuple[int, int], ...] = ()
            if (rng.random() < 0.12 and words[k + 3][1] <= end) or (k % 11 == 0 and end < words[k + 3][1]):
                end = words[k + 3][1]
                pieces = ((words[k][0], words[k][1]), (words[k + 2][0], words[k + 3][1]))
            decision = rng.random()
            for who in ANNOTATORS:
                roll = rng.random()
                s, e, lab, frag = start, end, label, pieces
                if roll < 0.1:
                    continue  # this annotator missed it
                if roll < 0.2 and e - s > 3:
                    e = e - 1 if not frag else e
                    s = s + 1 if frag else s
                    frag = ((s, frag[0][1]), frag[1]) if frag else ()
                elif roll < 0.28:
                    lab = rng.choice(labels)
                elif roll < 0.33 and frag:
                    frag = ()  # the envelope, continuous
                ann = tag(doc, s, e, lab, who, rng.choice(_NOTES))
                if frag:
                    ann = replace(ann, fragments=frag)
                if rng.random() < 0.3:
                    ann = replace(ann, source=heads[who][0], cue=heads[who][1], quotation="direct")
                if decision < 0.12:
                    ann = decide(ann, "accepted", "rita", "agreed ✓" if who == "ana" else None)
                elif decision < 0.2:
                    ann = decide(ann, "rejected", "rita", "not a claim:\nan opinion")
                elif decision < 0.26 and who == "bo":
                    # chen corrects bo's tag: bo's rejected as corrected, chen's own tag with another label
                    anns.append(decide(ann, "rejected", "chen", "corrected by chen"))
                    other = next(x for x in labels if x != lab)
                    ann = tag(doc, s, e, other, "chen", "relabelled")
                elif decision < 0.3 and who == "chen":
                    ann = decide(ann, "accepted", "rita", None)  # one copy accepted, the others undecided
                anns.append(ann)
    # a deleted tag, an orphaned one (on the fourth article, its only tag)
    gone = tag(docs[0], *_words(docs[0].text)[4], "claim", "ana")
    anns.append(replace(gone, deleted_at=clock()))
    lone = tag(docs[3], 0, 4, "claim", "bo")
    anns.append(replace(lone, orphaned=True))
    # a tag of someone who tagged one article only (unanimity there counts four people)
    anns.append(tag(docs[2], *_words(docs[2].text)[3], "claim", "dev", "the only one of dev"))
    store.put_annotations(anns)
    # two documents marked curated: the set's exports carry each document's mark (a name a spreadsheet
    # would take for a formula among them)
    store.set_curated(docs[0].id, ("rita", clock()))
    store.set_curated(docs[2].id, ("=chen", clock()))
    return store


#: The exports compared: (name, keyword arguments of `export`, formats).
ALL_FORMATS = ("csv", "json", "jsonl", "w3c", "brat")
_FILES = ("csv", "json", "jsonl")
VARIANTS: tuple[tuple[str, dict[str, object], tuple[str, ...]], ...] = (
    ("unanimous", {}, ALL_FORMATS),
    ("union", {"min_agree": 1}, ALL_FORMATS),
    ("two", {"min_agree": 2}, _FILES),
    ("labels", {"label": ["claim", "denial"], "min_agree": 2}, _FILES),
    ("annotators", {"annotator": ["ana", "bo"]}, _FILES),
    ("document", {"document_id": "doc-00-0000-0000-0000-000000000000", "min_agree": 1}, ("json", "brat")),
)

#: Where the expected exports live (written by the version before the curated exports read less).
EXPECTED = Path(__file__).with_name("curated_expected")


def write_exports(store: Store, folder: Path) -> list[Path]:
    """Every variant in every format into folder (brat: a folder each); the files written, sorted."""
    from factcheck.services.exporting import export  # services import the store: only when exporting

    folder.mkdir(exist_ok=True)
    for name, kwargs, formats in VARIANTS:
        for fmt in formats:
            out = folder / (f"{name}-brat" if fmt == "brat" else f"{name}.{fmt}")
            export(store, fmt, out, curated=True, **kwargs)  # type: ignore[arg-type]
    return sorted(p for p in folder.rglob("*") if p.is_file())


if __name__ == "__main__":  # regenerate the expected files: only from the version they pin
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, build(Path(tmp) / "team.db") as project:
        EXPECTED.mkdir(exist_ok=True)
        print(len(write_exports(project, EXPECTED)), "files")
