"""brat files (read by `brat_read`) as a Bundle for the project: tags, links, attribution, speakers.

The meaning of each line is in `brat_terms`. Decisions (see docs/importing.md):
- `T`: a tag of the label of that type (a label `some label` is written `some_label`: both are read). A
  type that is no label of the project is refused, all of them listed, unless `add_labels`, which makes
  them labels (role `source` when the type is an attribution's source or normalized, `cue` when it is a
  cue, otherwise `content`).
- `R`: a link from Arg1 to Arg2 of that link type; unknown types as for labels.
- `E`: an attribution: Content (one), Source and Cue (at most one each). Without a Cue argument, a
  trigger on other text than the source's and the content's is the cue (a label of role `cue`). A trigger
  that is nothing else (type `Attribution`, no label) is not a tag: its notes go to the content tag.
- `A`: Quotation (direct|indirect) on the content tag or its event; Review (accepted|rejected); Orphaned;
  any other attribute is kept in the note as `[brat] Name=Value`.
- `N`: the speaker of a source tag (`factcheck:<id>`, then same_as addresses); an existing speaker with
  that id or any of those addresses is taken, else one is made (kind `person`).
- `#`: note lines of the tag (of the content tag on an event; on a relation, of its Arg1 tag).
Tags get ids derived from the text, annotator, label and spans, and time stamps from the .ann file's
modification time: importing the same files twice changes nothing.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from factcheck.core.bundle import Bundle
from factcheck.core.curated_marks import Mark, settled
from factcheck.core.errors import ImportRefused
from factcheck.core.links import Link, link_type_problem
from factcheck.core.model import Annotation, Document, Label, LabelRole, ReviewStatus
from factcheck.core.names import shown
from factcheck.core.spans import context
from factcheck.core.speaker_fields import url_problem
from factcheck.core.speakers import RENAME_FIRST, Speaker, name_problem
from factcheck.services.formats import brat_terms as terms
from factcheck.services.formats.brat import entity_type, one_line
from factcheck.services.formats.brat_read import AnnFile, Attribute, Entity, Event

#: Namespace of the ids of imported brat tags, links and speakers.
NAMESPACE = uuid.UUID("6d1d8f2a-4f7b-5b8e-9a51-0c1e5bbd7a11")
#: Colours of labels added by an import, in turn (Okabe-Ito, after the defaults).
NEW_COLORS = ("#009E73", "#F0E442", "#0072B2", "#D55E00", "#999999")


@dataclass
class BratFile:
    """One document of a brat corpus: its document (not stored yet) and its checked .ann."""

    document: Document
    ann: AnnFile
    stamp: str  # created_at / updated_at of its tags: the .ann file's modification time
    #: Its curated mark, from the side file of a factcheck export (`brat_names.Kept`).
    curated: Mark | None = None


@dataclass
class Project:
    """What the project already has that brat lines refer to."""

    labels: list[Label]
    link_types: list[str]
    speakers: list[Speaker] = field(default_factory=list)
    #: Former names of renamed link types -> the current name: an older .ann's relations land renamed.
    renamed_link_types: dict[str, str] = field(default_factory=dict)


@dataclass
class BratImport:
    bundle: Bundle  # documents, tags and labels
    links: list[Link] = field(default_factory=list)  # all of them (the bundle has them per document)
    speakers: list[Speaker] = field(default_factory=list)  # those this import makes (the bundle's)
    new_labels: list[Label] = field(default_factory=list)  # to add before merging (add_labels)
    new_link_types: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _id(*parts: object) -> str:
    """uuid5 of the parts, formatted here (as `curation.curated_id`): `uuid.uuid5` costs a third of
    reading a corpus."""
    name = "\x1f".join(str(p) for p in parts).encode()
    h = hashlib.sha1(NAMESPACE.bytes + name).hexdigest()
    variant = "89ab"[int(h[16], 16) & 3]
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{variant}{h[17:20]}-{h[20:32]}"


def _role(event_args: Sequence[tuple[str, str]], role: str) -> list[str]:
    return [target for name, target in event_args if name.lower() == role.lower()]


@dataclass
class _Attribution:
    event: Event
    content: str
    source: str | None
    cue: str | None


def _attributions(ann: AnnFile) -> dict[str, _Attribution]:
    """Each event as an attribution, by event id; refuses events of another shape."""
    out: dict[str, _Attribution] = {}
    content_of: dict[str, str] = {}
    for event in ann.events.values():
        where = ann.where(event.line)
        known = {terms.CONTENT_ROLE.lower(), terms.SOURCE_ROLE.lower(), terms.CUE_ROLE.lower()}
        other = [role for role, _ in event.args if role.lower() not in known]
        if other:
            raise _refused(
                where,
                f"{event.id} has the role {', '.join(other)}; factcheck reads attribution events, whose "
                "roles are Content, Source and Cue",
            )
        if any(not target.startswith("T") for _, target in event.args):
            raise _refused(where, f"the arguments of {event.id} must be T lines")
        content, source, cue = (
            _role(event.args, r) for r in (terms.CONTENT_ROLE, terms.SOURCE_ROLE, terms.CUE_ROLE)
        )
        if len(content) != 1 or len(source) > 1 or len(cue) > 1:
            raise _refused(where, f"{event.id} needs one Content argument and at most one Source and one Cue")
        if content[0] in content_of:
            raise _refused(
                where,
                f"{content[0]} is already attributed by {content_of[content[0]]}; a tag has one "
                "source and one cue",
            )
        content_of[content[0]] = event.id
        the_cue = cue[0] if cue else None
        if the_cue is None and event.trigger not in (content[0], *source):
            trigger = ann.entities[event.trigger].pieces
            others = [ann.entities[t].pieces for t in (content[0], *source)]
            if trigger not in others:
                the_cue = event.trigger
        out[event.id] = _Attribution(event, content[0], source[0] if source else None, the_cue)
    return out


def _refused(where: str, problem: str) -> ImportRefused:
    return ImportRefused(f"{where}: {problem}; nothing was imported.")


class _Labels:
    """Types -> labels of the project, and the types no label is."""

    def __init__(self, labels: Sequence[Label]) -> None:
        self.labels = list(labels)
        self.by_type: dict[str, Label] = {}
        for label in self.labels:
            self.by_type.setdefault(entity_type(label.name), label)
        for label in self.labels:
            self.by_type[label.name] = label
        self.unknown: dict[str, tuple[str, LabelRole]] = {}  # type -> (where first seen, inferred role)

    def get(self, kind: str) -> Label | None:
        return self.by_type.get(kind)

    def cue_label(self) -> Label | None:
        return next((lab for lab in self.labels if lab.role == "cue"), None)

    def need(self, kind: str, where: str, role: LabelRole) -> None:
        if kind not in self.by_type:
            first = self.unknown.get(kind)
            if first is None or (first[1] == "content" and role != "content"):
                self.unknown[kind] = (first[0] if first else where, role)


@dataclass
class _Plan:
    """One file's lines, resolved: which T lines are tags, and what attaches to which."""

    file: BratFile
    attributions: dict[str, _Attribution]
    tags: list[Entity]
    redirect: dict[str, str]  # trigger-only T, or an E, -> the content tag its lines go to
    roles: dict[str, LabelRole]


def _plan(file: BratFile, labels: _Labels) -> _Plan:
    ann = file.ann
    attributions = _attributions(ann)
    arguments = {arg for a in attributions.values() for arg in (a.content, a.source, a.cue) if arg}
    arguments |= {t for r in ann.relations for t in (r.arg1, r.arg2)}
    roles: dict[str, LabelRole] = {}
    for a in attributions.values():
        if a.source:
            roles[a.source] = "source"
        if a.cue:
            roles[a.cue] = "cue"
    for norm in ann.normalizations:
        roles.setdefault(norm.target, "source")
    redirect = {a.event.id: a.content for a in attributions.values()}
    triggered: dict[str, str] = {}  # trigger -> the content of its (first) event
    for a in attributions.values():
        triggered.setdefault(a.event.trigger, a.content)
    tags: list[Entity] = []
    for entity in ann.entities.values():
        if entity.id in triggered and entity.id not in arguments and labels.get(entity.type) is None:
            redirect[entity.id] = triggered[entity.id]  # only the event's anchor, not a tag
            continue
        tags.append(entity)
        if labels.get(entity.type) is None:
            if roles.get(entity.id) == "cue" and labels.cue_label() is not None:
                continue  # an untyped trigger taken as the cue: the project's cue label
            labels.need(entity.type, ann.where(entity.line), roles.get(entity.id, "content"))
    for relation in ann.relations:
        for end in (relation.arg1, relation.arg2):
            if end in redirect:
                raise _refused(
                    ann.where(relation.line), f"{end} is an event trigger, not a tag a link can join"
                )
    return _Plan(file, attributions, tags, redirect, roles)


def to_bundle(
    files: Sequence[BratFile],
    project: Project,
    annotator: str,
    *,
    add_labels: bool = False,
    source: str = "",
) -> BratImport:
    """The brat files as one Bundle (checked line by line; ImportRefused names the file and line)."""
    labels = _Labels(project.labels)
    plans = [_plan(f, labels) for f in files]
    link_types = {name: name for name in project.link_types}
    link_types.update(
        {entity_type(name): name for name in project.link_types if entity_type(name) not in link_types}
    )
    for old, new in project.renamed_link_types.items():
        link_types.setdefault(old, new)
        link_types.setdefault(entity_type(old), new)
    unknown_links: dict[str, str] = {}
    for plan in plans:
        for relation in plan.file.ann.relations:
            if relation.type not in link_types:
                where = plan.file.ann.where(relation.line)
                if problem := link_type_problem(relation.type):
                    raise _refused(where, problem)
                unknown_links.setdefault(relation.type, where)
    result = BratImport(Bundle(source=source))
    if labels.unknown or unknown_links:
        if not add_labels:
            raise ImportRefused(_unknown_message(source, labels, unknown_links, project))
        colors = iter(NEW_COLORS * (1 + len(labels.unknown) // len(NEW_COLORS)))
        for kind, (_, role) in labels.unknown.items():
            label = Label(kind, next(colors), "", role=role)
            labels.by_type[kind] = label
            labels.labels.append(label)
            result.new_labels.append(label)
        for kind in unknown_links:
            link_types[kind] = kind
            result.new_link_types.append(kind)
    bundle = result.bundle
    bundle.labels = list(labels.labels)
    speakers = _Speakers(project.speakers)
    texts: dict[str, Document] = {}  # one text is one document, however many files hold it
    made: dict[str, tuple[tuple[object, ...], str]] = {}  # tag id -> (what it says, its file)
    for plan in plans:
        plan.file.document = texts.setdefault(plan.file.document.sha256, plan.file.document)
        anns, links = _document(plan, labels, link_types, speakers, annotator)
        bundle.documents.append((plan.file.document, _first_copies(anns, made, plan.file.ann.name)))
        if plan.file.curated is not None:  # two files of one text: the merge's rule picks, as for files
            doc_id = plan.file.document.id
            bundle.curated[doc_id] = (
                settled(bundle.curated.get(doc_id), plan.file.curated) or plan.file.curated
            )
        known = {link.id for link in bundle.links.get(plan.file.document.id, ())}
        links = [link for link in links if link.id not in known]
        result.links.extend(links)
        if links:
            bundle.links.setdefault(plan.file.document.id, []).extend(links)
    result.speakers.extend(speakers.made)
    bundle.speakers = list(speakers.made)
    triggers = sum(1 for p in plans for k in p.redirect if k.startswith("T"))
    if triggers:
        result.notes.append(
            f"{triggers} event trigger{'s' if triggers != 1 else ''} read as the anchor of an attribution, "
            "not as tags."
        )
    if result.new_labels or result.new_link_types:
        added = [repr(lab.name) for lab in result.new_labels] + [f"link {t!r}" for t in result.new_link_types]
        result.notes.append(f"Added to the project: {', '.join(added)}.")
    return result


#: What two copies of one tag (two files of the same text) must agree on.
_SAYS = ("label", "fragments", "note", "status", "reviewer", "reason", "orphaned", "speaker", "source", "cue")


def _first_copies(
    anns: list[Annotation], made: dict[str, tuple[tuple[object, ...], str]], name: str
) -> list[Annotation]:
    """anns less the tags another file of the same text made already; two files that tag the same
    text differently are refused (which one would be right?)."""
    out: list[Annotation] = []
    for a in anns:
        says = (*(getattr(a, key) for key in _SAYS), a.quotation)
        first = made.get(a.id)
        if first is None:
            made[a.id] = (says, name)
            out.append(a)
        elif first[0] != says:
            raise ImportRefused(
                f"{name} and {first[1]} hold the same text but tag “{a.quote}” ({a.label}, {a.start}-"
                f"{a.end}) differently; nothing was imported. Import one of them, or merge them first."
            )
    return out


def _unknown_message(source: str, labels: _Labels, links: dict[str, str], project: Project) -> str:
    parts: list[str] = []
    if labels.unknown:
        types = ", ".join(f"{kind!r} ({where})" for kind, (where, _) in labels.unknown.items())
        known = ", ".join(lab.name for lab in project.labels)
        parts.append(f"brat types that are not labels of this project: {types} (labels: {known})")
    if links:
        types = ", ".join(f"{kind!r} ({where})" for kind, where in links.items())
        known = ", ".join(project.link_types) or "none"
        parts.append(f"relation types that are not link types of this project: {types} (link types: {known})")
    return (
        f"{source}: {'; '.join(parts)}. Nothing was imported; rename them in the .ann files, or import "
        "with --add-labels to add them to the project."
    )


class _Speakers:
    """The project's speakers and those this import makes, found by id or by a same_as address."""

    def __init__(self, existing: Iterable[Speaker]) -> None:
        self.by_id: dict[str, Speaker] = {}
        self.by_same_as: dict[str, Speaker] = {}
        self.made: list[Speaker] = []
        for speaker in existing:
            self._index(speaker)

    def _index(self, speaker: Speaker) -> None:
        self.by_id[speaker.id] = speaker
        for address in speaker.same_as:
            self.by_same_as.setdefault(address, speaker)

    def find(self, ident: str | None, same_as: Sequence[str], name: str, stamp: str) -> str:
        if ident is not None and ident in self.by_id:
            return ident
        for address in same_as:  # another project's speaker that this one knows by an address
            if address in self.by_same_as:
                return self.by_same_as[address].id
        speaker = Speaker(
            id=ident or _id("speaker", *same_as),
            name=name,
            kind="person",
            description="",
            same_as=tuple(same_as),
            created_at=stamp,
            updated_at=stamp,
        )
        self.made.append(speaker)
        self._index(speaker)
        return speaker.id


@dataclass
class _Tag:
    entity: Entity
    label: Label
    notes: list[str] = field(default_factory=list)
    quotation: Literal["direct", "indirect"] | None = None
    status: ReviewStatus | None = None
    orphaned: bool = False
    speaker: str | None = None


def _document(
    plan: _Plan,
    labels: _Labels,
    link_types: dict[str, str],
    speakers: _Speakers,
    annotator: str,
) -> tuple[list[Annotation], list[Link]]:
    ann, doc, stamp = plan.file.ann, plan.file.document, plan.file.stamp
    tags: dict[str, _Tag] = {}
    for entity in plan.tags:
        label = labels.get(entity.type)
        if label is None:  # an untyped trigger read as the cue
            label = labels.cue_label()
        assert label is not None  # _plan made sure, or refused
        tags[entity.id] = _Tag(entity, label)

    def tag_of(target: str, line: int, what: str) -> _Tag:
        target = plan.redirect.get(target, target)
        if target not in tags:
            raise _refused(ann.where(line), f"{what} on {target}, which is not a tag")
        return tags[target]

    for attribute in ann.attributes:
        _attribute(ann, attribute, tag_of(attribute.target, attribute.line, f"the attribute {attribute.id}"))
    relations = {r.id: r for r in ann.relations}
    for note in ann.notes:
        relation = relations.get(note.target)
        if relation is None:
            tag_of(note.target, note.line, f"the note {note.id}").notes.append(note.text)
        else:  # a link has no note: its start tag keeps it, saying which link it was about
            to = ann.entities[relation.arg2].pieces
            quote = one_line(" ".join(ann.text[s:e] for s, e in to))
            text = f"link {relation.type} to “{quote}”: {note.text}"
            tag_of(relation.arg1, note.line, f"the note {note.id}").notes.append(text)
    _speakers(plan, tags, speakers, stamp)
    _check_roles(plan, tags)
    ids = _tag_ids(doc, tags.values(), annotator)
    attribution = {a.content: a for a in plan.attributions.values()}
    annotations: list[Annotation] = []
    for key, tag in tags.items():
        pieces = tag.entity.pieces
        start, end = pieces[0][0], pieces[-1][1]
        prefix, quote, suffix = context(doc.text, start, end)
        remark, status, reviewer, reason = _review(tag, annotator)
        a = attribution.get(key)
        annotations.append(
            Annotation(
                id=ids[key],
                document_id=doc.id,
                label=tag.label.name,
                start=start,
                end=end,
                quote=quote,
                prefix=prefix,
                suffix=suffix,
                annotator=annotator,
                note=remark,
                created_at=stamp,
                updated_at=stamp,
                status=status,
                reviewer=reviewer,
                reason=reason,
                reviewed_at=stamp if status else None,
                orphaned=tag.orphaned,
                fragments=pieces if len(pieces) > 1 else (),
                speaker=tag.speaker,
                source=ids[a.source] if a and a.source else None,
                cue=ids[a.cue] if a and a.cue else None,
                quotation=tag.quotation,
            )
        )
    links: dict[str, Link] = {}
    for relation in ann.relations:
        if relation.arg1 == relation.arg2:
            raise _refused(ann.where(relation.line), f"{relation.id} links {relation.arg1} to itself")
        kind = link_types[relation.type]
        from_id, to_id = ids[relation.arg1], ids[relation.arg2]
        link_id = _id("link", doc.sha256, annotator, kind, from_id, to_id)
        links[link_id] = Link(link_id, doc.id, kind, from_id, to_id, annotator, stamp, stamp)
    return annotations, list(links.values())


def _check_roles(plan: _Plan, tags: dict[str, _Tag]) -> None:
    """An attribution joins a content tag to a source tag and a cue tag (by their labels' roles)."""
    for a in plan.attributions.values():
        where = plan.file.ann.where(a.event.line)
        for role, ident in (("content", a.content), ("source", a.source), ("cue", a.cue)):
            if ident is None:
                continue
            label = tags[ident].label
            if label.role != role:
                raise _refused(
                    where,
                    f"the {role.capitalize()} of {a.event.id}, {ident}, is a {label.name} tag, whose label "
                    f"has the role {label.role}, not {role}",
                )


def _tag_ids(doc: Document, tags: Iterable[_Tag], annotator: str) -> dict[str, str]:
    """Ids that are the same each time the same files are imported by the same annotator."""
    ids: dict[str, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for tag in tags:
        base = _id("tag", doc.sha256, annotator, tag.label.name, tag.entity.pieces)
        seen[base] += 1
        ids[tag.entity.id] = base if seen[base] == 1 else _id(base, seen[base])
    return ids


def _attribute(ann: AnnFile, attribute: Attribute, tag: _Tag) -> None:
    where = ann.where(attribute.line)
    name, value = attribute.name, attribute.value
    if name.lower() == terms.QUOTATION.lower():
        if value is None or value.lower() not in terms.QUOTATIONS:
            raise _refused(where, f"{terms.QUOTATION} is direct or indirect, not {value!r}")
        tag.quotation = "direct" if value.lower() == "direct" else "indirect"
    elif name == terms.REVIEW:
        if value not in ("accepted", "rejected"):
            raise _refused(where, f"{terms.REVIEW} is accepted or rejected, not {value!r}")
        tag.status = "accepted" if value == "accepted" else "rejected"
    elif name == terms.ORPHANED and value is None:
        tag.orphaned = True
    else:
        tag.notes.append(terms.kept_attribute(name, value))


def _review(tag: _Tag, annotator: str) -> tuple[str, ReviewStatus | None, str | None, str | None]:
    """(note, status, reviewer, reason): the review decision's note line taken out of the note."""
    lines = list(tag.notes)
    reviewer: str | None = None
    reason: str | None = None
    if tag.status:
        reviewer = annotator
        for i, line in enumerate(lines):
            match = terms.REVIEW_NOTE.match(line)
            if match and match.group(1) == tag.status:
                reviewer = match.group(2) or annotator
                reason = match.group(3)
                del lines[i]
                break
    return "\n".join(lines), tag.status, reviewer, reason


def _speakers(plan: _Plan, tags: dict[str, _Tag], speakers: _Speakers, stamp: str) -> None:
    ann = plan.file.ann
    by_tag: dict[str, list[tuple[str, str, str, int]]] = defaultdict(list)
    for norm in ann.normalizations:
        target = plan.redirect.get(norm.target, norm.target)
        if target not in tags:
            raise _refused(ann.where(norm.line), f"{norm.id} normalizes {norm.target}, which is not a tag")
        if tags[target].label.role != "source":
            raise _refused(
                ann.where(norm.line),
                f"{norm.id} names a speaker, but {target} is a {tags[target].label.name} tag, not a "
                "source (a speaker is who a source tag refers to)",
            )
        by_tag[target].append((norm.db, norm.key, norm.text, norm.line))
    for target, norms in by_tag.items():
        ident = next((key for db, key, _, _ in norms if db == terms.SPEAKER_DB), None)
        same = [terms.same_as(db, key) for db, key, _, _ in norms if db != terms.SPEAKER_DB]
        name = next((text for _, _, text, _ in norms if text.strip()), "")
        entity = tags[target].entity
        if not name:
            name = " ".join(ann.text[s:e] for s, e in entity.pieces)
        if problem := name_problem(name):
            raise _refused(ann.where(min(line for _, _, _, line in norms)), f"{problem}; {RENAME_FIRST}")
        for db, key, _, line in norms:
            address = terms.same_as(db, key)
            if db != terms.SPEAKER_DB and (problem := url_problem(address)):
                raise _refused(
                    ann.where(line),
                    f"the speaker “{shown(name.strip())}”, its same_as: {problem}; factcheck keeps web "
                    "addresses only (write another database's entry as URL:https://…)",
                )
        tags[target].speaker = speakers.find(ident, list(dict.fromkeys(same)), name.strip(), stamp)


__all__ = ["BratFile", "BratImport", "Project", "to_bundle"]
