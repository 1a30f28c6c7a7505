"""What a brat tag read as a tag already here (`brat_import.onto_twins`: identical to a tag of ours, or to
an earlier tag of the same import) held that its tag lacks: its attribution (source, cue, quotation,
speaker) goes onto the tag by the rule of every merge and of the team sync (`merge_twins.takes_attribution`);
a different one stays the tag's and the brat tag's is listed. The tag of ours is rewritten under a stamp
just after both copies' (importing the same files again changes nothing), checked as any attribution the
user attaches."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from db.attribution import check_structure
from db.store import Store
from factcheck.core.errors import FactcheckError, ImportRefused
from factcheck.core.model import Annotation
from factcheck.core.report import ImportReport
from factcheck.core.stamps import just_after
from factcheck.services.merge_twins import attribution_of, takes_attribution


@dataclass
class Carried:
    """What the twins of one brat import bring onto their tags."""

    in_bundle: dict[str, Annotation] = field(default_factory=dict)  # the import's own tags, rewritten
    ours: dict[str, Annotation] = field(default_factory=dict)  # tags of ours, written after the bundle
    notes: list[str] = field(default_factory=list)

    def land(self, store: Store, report: ImportReport, source: str) -> None:
        """Inside the import's transaction, after its bundle (the pointers may name its tags)."""
        for tag in self.ours.values():
            try:
                check_structure(store, tag)
            except FactcheckError as error:
                raise ImportRefused(f"{source}: {error} Nothing was imported.") from error
        store.put_annotations(self.ours.values())
        n = len(self.ours) + len(self.in_bundle)
        report.notes.extend(self.notes)
        if n:
            report.notes.append(
                f"Carried onto our tags from their identical copies: {n} attribution{'s' if n != 1 else ''}."
            )


def carry_attribution(
    store: Store,
    twins: Sequence[tuple[Annotation, str]],
    bundle_tags: Mapping[str, Annotation],
    mapped: Mapping[str, str],
) -> Carried:
    """twins: each brat tag left out, with the id of the tag it is read as (one of bundle_tags, the
    import's tags kept, or a tag of ours); mapped: every such id -> its tag's."""
    out = Carried()
    for twin, kept_id in twins:
        if all(value is None for value in attribution_of(twin).values()):
            continue
        kept = out.in_bundle.get(kept_id) or out.ours.get(kept_id) or bundle_tags.get(kept_id)
        if kept is None:
            kept = store.annotation(kept_id)
        if kept is None:
            continue
        carry, differ = takes_attribution(
            attribution_of(kept), attribution_of(twin), mapped, kept_id, twin.id
        )
        for name in differ:
            out.notes.append(
                f"Tag {kept_id} kept its {name}; its identical copy {twin.id} had {getattr(twin, name)}."
            )
        if not carry:
            continue
        for name in ("source", "cue"):
            if name in carry:
                carry[name] = mapped.get(carry[name], carry[name])
        stamp = just_after(max(kept.updated_at, twin.updated_at))
        new = replace(kept, **carry, updated_at=stamp)
        (out.in_bundle if kept_id in bundle_tags else out.ours)[kept_id] = new
    return out
