"""What brat lines mean for a project: tags, discontinuous spans, links, attribution, speakers, notes,
attributes; and the round trip brat -> factcheck -> brat on the hand-made corpus (every line type)."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

from factcheck.core.errors import ImportRefused
from factcheck.core.links import Link
from factcheck.core.model import DEFAULT_LABELS, Annotation, Label
from factcheck.services.formats.brat_bundle import NAMESPACE, _id
from tests.factcheck.services.brat_helpers import CORPUS, content, read_corpus, write_bundle


def _tags(text_start: str) -> dict[str, Annotation]:
    result = read_corpus()
    for doc, anns in result.bundle.documents:
        if doc.text.startswith(text_start):
            return {a.quote: a for a in anns}
    raise AssertionError(text_start)


def test_tags_discontinuous_spans_and_line_breaks() -> None:
    tags = _tags("Lavrov")
    economy = tags["The economy, he said, is booming 📈"]
    assert economy.label == "claim"
    assert economy.fragments == ((178, 189), (200, 212)) and (economy.start, economy.end) == (178, 212)
    seoul = _tags("Seoul")
    # Two pieces with only a line break between them are one continuous tag.
    across = seoul["exports rose by\n12% 🚢 in April"]
    assert across.fragments == () and across.annotator == "ana"


def test_events_are_attributions_with_quotation() -> None:
    result = read_corpus()
    doc, anns = result.bundle.documents[0]
    assert doc.text.startswith("Lavrov")
    at = {a.start: a for a in anns}
    claim, lavrov, said = at[15], at[0], at[10]
    assert (claim.source, claim.cue, claim.quotation) == (lavrov.id, said.id, "indirect")
    assert (lavrov.label, said.label) == ("source", "cue")
    # The trigger T lines (type Attribution, on the cue's text) are no tags of their own.
    assert len(anns) == 11 and [a.start for a in anns].count(10) == 1
    # An event whose trigger is a cue tag and that has no Cue argument: the trigger is the cue.
    economy = at[178]
    assert (economy.cue, economy.source) == (at[194].id, None)
    assert economy.quotation == "direct"  # given on the event
    assert economy.note == "no source named"  # a note on the event is the content tag's
    described = at[141]
    assert described.fragments == ((141, 150), (165, 167)) and described.label == "cue"
    assert (at[168].source, at[168].cue) == (at[138].id, described.id)


def test_links_speakers_notes_and_attributes() -> None:
    result = read_corpus()
    tags = {a.quote: a for _, anns in result.bundle.documents for a in anns}
    denial = tags["it was not clear that Trump accepted them"]
    claim = tags["Trump accepted Putin's assertions that Russia did not interfere"]
    kinds = {(link.type, link.from_id, link.to_id) for link in result.links}
    assert ("denies", denial.id, claim.id) in kinds
    assert ("characterizes", tags["“robust”"].id, denial.id) in kinds
    speakers = {s.id: s for s in result.speakers}
    tillerson = speakers[tags["Tillerson"].speaker or ""]
    assert tillerson.name == "Rex Tillerson"
    assert tillerson.same_as == (
        "https://www.wikidata.org/wiki/Q7320",
        "https://en.wikipedia.org/wiki/Rex_Tillerson",
    )
    assert speakers[tags["Lavrov"].speaker or ""].same_as == ("https://www.wikidata.org/wiki/Q182788",)
    assert tags["He"].speaker is None
    # Notes in order, an attribute factcheck has no field for kept in the note.
    assert claim.note == "[brat] Negated\nfirst line of a note\nsecond line, with 😀"
    # A review decision, its reviewer and reason from the note line our export writes.
    assert (denial.status, denial.reviewer, denial.reason) == (
        "accepted",
        "rita",
        "checked with the transcript",
    )
    assert denial.note == "[brat] Confidence=high"
    # A note on a relation goes to its first tag, saying which link it was about.
    same = tags["exports rose 12%"]
    assert same.orphaned and same.note == "link same_claim to “exports rose by 12% 🚢 in April”: same figure"


def test_importing_the_same_files_twice_gives_the_same_ids() -> None:
    assert content(read_corpus()) == content(read_corpus())
    other = content(read_corpus(annotator="bob"))
    assert not set(other["links"]) & set(content(read_corpus())["links"])


def test_round_trip_gives_back_the_same_annotations(tmp_path: Path) -> None:
    first = read_corpus()
    write_bundle(first, tmp_path / "out")
    again = read_corpus(tmp_path / "out")
    assert content(again) == content(first)
    # And the export of the export is the same files (ids and order settle after one trip).
    write_bundle(again, tmp_path / "again")
    for path in (tmp_path / "out").glob("*.ann"):
        twin = next(
            p
            for p in (tmp_path / "again").glob("*.txt")
            if p.read_text() == path.with_suffix(".txt").read_text()
        )
        assert twin.with_suffix(".ann").read_text() == path.read_text()


def test_every_original_line_comes_back(tmp_path: Path) -> None:
    """Every T line but the event triggers, and as many of each other line type."""
    write_bundle(read_corpus(), tmp_path / "out")
    original = (CORPUS / "lavrov.ann").read_text(encoding="utf-8").splitlines()
    text = (CORPUS / "lavrov.txt").read_text(encoding="utf-8")
    exported_ann = next(
        p.with_suffix(".ann")
        for p in (tmp_path / "out").glob("*.txt")
        if p.read_text(encoding="utf-8") == text
    )
    exported = exported_ann.read_text(encoding="utf-8").splitlines()
    spans = {line.split("\t", 1)[1] for line in exported if line.startswith("T")}
    for line in original:
        if line.startswith("T") and "\tAttribution " not in line:
            assert line.split("\t", 1)[1] in spans

    def count(lines: list[str], kind: str) -> int:
        return sum(1 for line in lines if line.startswith(kind))

    for kind in "ERA#":
        assert count(exported, kind) == count(original, kind), kind
    # N: the speaker's identity in the project is added to each source's same_as lines.
    assert count(exported, "N") == count(original, "N") + 2


def test_unknown_types_are_refused_all_listed_unless_added(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(CORPUS, folder)
    ann = folder / "seoul.ann"
    ann.write_text(
        ann.read_text(encoding="utf-8")
        .replace("T1\tclaim", "T1\tStatistic")
        .replace("same_claim", "repeats"),
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as err:
        read_corpus(folder)
    message = str(err.value)
    assert "'Statistic' (" in message and "seoul.ann, line 1" in message
    assert "'repeats'" in message and "--add-labels" in message and "nothing was imported" in message.lower()
    added = read_corpus(folder, add_labels=True)
    assert [(lab.name, lab.role) for lab in added.new_labels] == [("Statistic", "content")]
    assert added.new_link_types == ["repeats"]
    assert any("Added to the project" in note for note in added.notes)


def test_added_types_get_the_role_they_play(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("Ana said it rains.", encoding="utf-8")
    (folder / "a.ann").write_text(
        "T1\tPerson 0 3\tAna\nT2\tSpeech 4 8\tsaid\nT3\tClaimed 9 17\tit rains\n"
        "E1\tSpeech:T2 Source:T1 Content:T3\nN1\tReference T1 Wikidata:Q1\tAna\n",
        encoding="utf-8",
    )
    labels = [lab for lab in DEFAULT_LABELS if lab.role == "content"]  # a project without source and cue
    result = read_corpus(folder, labels=labels, add_labels=True)
    assert {(lab.name, lab.role) for lab in result.new_labels} == {
        ("Person", "source"),
        ("Speech", "cue"),
        ("Claimed", "content"),
    }


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        ("E1\tAttribution:T1 Theme:T2", "has the role Theme"),
        ("E1\tAttribution:T1 Source:T1", "one Content argument"),
        ("E1\tAttribution:T1 Content:T2\nE2\tAttribution:T1 Content:T2", "already attributed by E1"),
        ("A1\tQuotation T2 verbatim", "direct or indirect, not 'verbatim'"),
        ("A1\tReview T2 maybe", "accepted or rejected"),
        ("N1\tReference T2 Wikidata:Q1\tx", "not a source"),
        ("R1\tdenies Arg1:T2 Arg2:T2", "to itself"),
    ],
)
def test_bad_structure_is_refused_naming_the_line(tmp_path: Path, lines: str, problem: str) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("Ana said it rains.", encoding="utf-8")
    (folder / "a.ann").write_text(
        f"T1\tsource 0 3\tAna\nT2\tclaim 9 17\tit rains\n{lines}\n", encoding="utf-8"
    )
    with pytest.raises(ImportRefused, match=r"a\.ann, line") as err:
        read_corpus(folder)
    assert problem in str(err.value)


def _folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ({"a.ann": b""}, "there is no a.txt beside it"),
        ({"a.txt": b"  \n"}, "holds no text"),
        ({"a.txt": b"caf\xe9", "a.ann": b""}, "a.txt is not UTF-8 (byte 3)"),
        ({"a.txt": b"ok", "a.ann": b"T1\tclaim 0 2\tok\x00\n"}, "NUL"),
        ({"notes.md": b"# not brat"}, "holds no brat files"),
        ({"a.txt": b"Hello", "a.ann": b"T1\tclaim 0 5\tHello\nT2\tclaim 1 9\tx\n"}, "a.ann, line 2"),
    ],
)
def test_bad_folders_are_refused_whole(tmp_path: Path, files: dict[str, bytes], problem: str) -> None:
    good = {"good.txt": b"Fine text.", "good.ann": b"T1\tclaim 0 4\tFine\n"}
    folder = _folder(tmp_path, {**good, **files} if "notes.md" not in files else files)
    with pytest.raises(ImportRefused) as err:
        read_corpus(folder)
    assert problem in str(err.value) and "nothing was imported" in str(err.value)


def test_a_fifo_in_the_folder_is_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"good.txt": b"Fine text."})
    os.mkfifo(folder / "stuck.txt")
    with pytest.raises(ImportRefused, match="not a regular file"):
        read_corpus(folder)


def test_sub_folders_are_read_hidden_ones_and_links_to_folders_are_not(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {
            "a/one.txt": b"One article.",
            "a/one.ann": b"T1\tclaim 0 3\tOne\n",
            ".git/x.txt": b"not an article",
            "two.txt": b"Two.",
        },
    )
    outside = _folder(tmp_path / "elsewhere", {"three.txt": b"Three."})
    (folder / "link").symlink_to(outside, target_is_directory=True)
    texts = sorted(doc.text for doc, _ in read_corpus(folder).bundle.documents)
    assert texts == ["One article.", "Two."]


def test_crlf_text_is_stored_with_line_feeds_and_offsets_shifted(tmp_path: Path) -> None:
    text = "Ana 😀 said:\r\nit rains.\r\nBob said it does not.\r\n"
    rains = text.index("it rains")
    bob = text.index("Bob said it")
    ann = f"T1\tclaim {rains} {rains + 8}\tit rains\nT2\tdenial {bob + 9} {bob + 20}\tit does not\n"
    folder = _folder(tmp_path, {"a.txt": text.encode(), "a.ann": ann.encode()})
    doc, anns = read_corpus(folder).bundle.documents[0]
    assert doc.text == text.replace("\r\n", "\n")
    assert [doc.text[a.start : a.end] for a in anns] == ["it rains", "it does not"]
    assert [a.quote for a in anns] == ["it rains", "it does not"]


def test_a_speaker_name_too_long_is_refused(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {
            "a.txt": b"Ana said it.",
            "a.ann": f"T1\tsource 0 3\tAna\nN1\tReference T1 Wikidata:Q1\t{'x' * 301}\n".encode(),
        },
    )
    with pytest.raises(ImportRefused, match=r"a\.ann, line 2: a speaker's name is longer than 300"):
        read_corpus(folder)


def test_names_with_spaces_are_single_tokens_in_brat_and_read_back(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {"a.txt": b"Prices rose. They did not.", "a.ann": b"T1\tclaim 0 11\tPrices rose\n"},
    )
    labels = [*DEFAULT_LABELS, Label("false claim", "#123456")]
    first = read_corpus(folder, labels=labels, link_types=["answers to"])
    doc, anns = first.bundle.documents[0]
    # Give the document a tag of the spaced label and a link of the spaced type, as a project would.
    second = Annotation(
        id="t2", document_id=doc.id, label="false claim", start=13, end=25, quote="They did not",
        prefix="Prices rose. ", suffix=".", annotator="ana",
    )  # fmt: skip
    first.bundle.documents[0] = (doc, [*anns, second])
    first.links.append(Link("l1", doc.id, "answers to", "t2", anns[0].id, "ana", "t", "t"))
    out = tmp_path / "out"
    write_bundle(first, out, link_types=["answers to"])
    lines = next(out.glob("*.ann")).read_text(encoding="utf-8").splitlines()
    assert "T2\tfalse_claim 13 25\tThey did not" in lines and "R1\tanswers_to Arg1:T2 Arg2:T1" in lines
    again = read_corpus(out, labels=labels, link_types=["answers to"])
    assert {a.label for _, tags in again.bundle.documents for a in tags} == {"claim", "false claim"}
    assert [link.type for link in again.links] == ["answers to"]


def test_ids_are_uuid5_of_what_the_tag_is() -> None:
    parts = ("tag", "sha", "ana", "claim", ((1, 2),))
    assert _id(*parts) == str(uuid.uuid5(NAMESPACE, "\x1f".join(str(p) for p in parts)))


def test_two_files_of_one_text_are_one_document(tmp_path: Path) -> None:
    ann = b"T1\tclaim 0 11\tPrices rose\n"
    folder = _folder(
        tmp_path, {"a.txt": b"Prices rose.", "a.ann": ann, "b.txt": b"Prices rose.", "b.ann": ann}
    )
    result = read_corpus(folder)
    assert len({doc.id for doc, _ in result.bundle.documents}) == 1
    assert sum(len(tags) for _, tags in result.bundle.documents) == 1
    (folder / "b.ann").write_bytes(b"T1\tdenial 0 11\tPrices rose\n#1\tAnnotatorNotes T1\tx\n")
    assert read_corpus(folder).bundle.annotation_count == 2  # another label: another tag
    (folder / "b.ann").write_bytes(ann + b"#1\tAnnotatorNotes T1\tanother note\n")
    with pytest.raises(ImportRefused, match=r"b\.ann and .*a\.ann hold the same text but tag “Prices rose”"):
        read_corpus(folder)


@pytest.mark.parametrize(
    ("event", "problem"),
    [
        ("E1\tAttribution:T3 Source:T2 Content:T4", "the Source of E1, T2, is a claim tag"),
        ("E1\tAttribution:T3 Source:T1 Content:T1", "the Content of E1, T1, is a source tag"),
    ],
)
def test_attribution_roles_follow_the_labels(tmp_path: Path, event: str, problem: str) -> None:
    folder = _folder(
        tmp_path,
        {
            "a.txt": b"Ana said it rains.",
            "a.ann": (
                "T1\tsource 0 3\tAna\nT2\tclaim 9 17\tit rains\nT3\tAttribution 4 8\tsaid\n"
                f"T4\tclaim 0 8\tAna said\n{event}\n"
            ).encode(),
        },
    )
    with pytest.raises(ImportRefused, match=r"a\.ann, line 5") as err:
        read_corpus(folder)
    assert problem in str(err.value)
