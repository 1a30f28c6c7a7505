"""The README's and docs/' relative links lead somewhere: the file exists and, for `file.md#anchor`, the
file has a heading of that anchor (GitHub's rule: lower case, punctuation dropped, spaces to hyphens)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchor(heading: str) -> str:
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    fenced, found = False, set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            found.add(anchor(line.lstrip("#")))
    return found


def broken_links(path: Path) -> list[str]:
    broken = []
    for target in _LINK.findall(path.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        file_part, _, fragment = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{path.name}: {target} (no such file)")
        elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
            broken.append(f"{path.name}: {target} (no such heading)")
    return broken


def test_anchors_follow_githubs_rule() -> None:
    assert anchor(" Claims CSV") == "claims-csv"
    assert anchor("brat standoff") == "brat-standoff"
    assert anchor("`ClaimReview` (schema.org)") == "claimreview-schemaorg"


def test_every_relative_link_in_the_docs_leads_somewhere(tmp_path: Path) -> None:
    assert sum(len(_LINK.findall(p.read_text(encoding="utf-8"))) for p in DOCS) > 15
    assert [b for p in DOCS for b in broken_links(p)] == []
    page = tmp_path / "page.md"
    page.write_text(
        "# Top\n[a](#top) [b](#nowhere) [c](missing.md) [d](https://example.org)\n", encoding="utf-8"
    )
    assert broken_links(page) == ["page.md: #nowhere (no such heading)", "page.md: missing.md (no such file)"]
