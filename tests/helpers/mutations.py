"""Random damage to a valid file, for the import explorer (tests/factcheck/services/test_import_mutations.py).

Each mutator takes the file's bytes and a seeded Random and returns the damaged bytes and a short name of
what it did (so a failure says how the file was made). Byte-level damage fits any file; the JSON damage
parses the file first (a JSON document, or one per line for JSONL) and changes one value deep inside it,
written back with the escapes a hostile writer would use (lone surrogates, NaN, duplicate keys).
"""

from __future__ import annotations

import codecs
import json
import random
import re
from collections.abc import Callable
from typing import Any

Mutator = Callable[[bytes, random.Random], tuple[bytes, str]]

#: Values a hostile or broken writer puts where another value was expected.
ODD_VALUES: tuple[Any, ...] = (
    None, True, False, 0, -1, 1, 2**31, 2**53 + 1, 2**63, -(2**63) - 1, 10**400, 1.5, -0.0, 1e308,
    float("nan"), float("inf"), float("-inf"), "", " ", "x" * 5000, "\ud800", "\udfff", "a\x00b", "é😀",
    "\u202e", "2026-13-45T99:99:99Z", "../../etc/passwd", [], {}, [1, 2], {"a": 1}, [[[]]],
    "claim", "denial", "0", "-1", "1e9", "\r\n", "\ufeff",
)  # fmt: skip


def _pick_offset(data: bytes, rng: random.Random) -> int:
    return rng.randrange(len(data) + 1)


def truncate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = _pick_offset(data, rng)
    return data[:at], f"truncated at {at}"


def flip(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    if not data:
        return b"\xff", "flip of an empty file"
    out = bytearray(data)
    flips = rng.randint(1, 4)
    for _ in range(flips):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out), f"{flips} bits flipped"


def insert(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = _pick_offset(data, rng)
    chunk = rng.choice(
        [
            bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))),
            b"\xc3",  # a UTF-8 sequence cut short
            b"\xed\xa0\x80",  # a surrogate encoded as UTF-8 (invalid)
            b"\x00",
            b"\r",
            b"\r\n",
            b"\xef\xbb\xbf",
            b'"',
            b"\\",
            b"{",
            b"]",
            b"\t",
        ]
    )
    return data[:at] + chunk + data[at:], f"{chunk!r} inserted at {at}"


def delete(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = _pick_offset(data, rng)
    n = rng.randint(1, 64)
    return data[:at] + data[at + n :], f"{n} bytes deleted at {at}"


def duplicate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = _pick_offset(data, rng)
    n = rng.randint(1, 200)
    return data[:at] + data[at : at + n] + data[at:], f"{n} bytes duplicated at {at}"


def bom(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    mark = rng.choice([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE])
    return mark + data, f"BOM {mark!r} prepended"


def reencode(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """The whole file in another encoding (with its BOM, or not)."""
    text = data.decode("utf-8", errors="surrogateescape")
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1", "utf-8-sig"])
    try:
        return text.encode(encoding, errors="replace"), f"re-encoded as {encoding}"
    except UnicodeEncodeError:
        return data, "not re-encodable"


def crlf(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    kind = rng.choice([b"\r\n", b"\r", b"\n\n"])
    return data.replace(b"\n", kind), f"line ends {kind!r}"


def lines_shuffled(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Lines swapped, duplicated or dropped (records of JSONL and brat)."""
    lines = data.split(b"\n")
    kind = rng.choice(["swap", "duplicate", "drop", "reverse"])
    if len(lines) < 2:
        return data + data, "doubled"
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    if kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "duplicate":
        lines.insert(j, lines[i])
    elif kind == "drop":
        del lines[i]
    else:
        lines.reverse()
    return b"\n".join(lines), f"lines: {kind} {i} {j}"


def doubled(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    return data + rng.choice([b"", b"\n"]) + data, "the file twice over"


BYTE_MUTATORS: tuple[Mutator, ...] = (
    truncate, flip, insert, delete, duplicate, bom, reencode, crlf, lines_shuffled, doubled,
)  # fmt: skip


# -- JSON ----------------------------------------------------------------------------------------------


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value (keys and indexes from the root)."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*prefix, i))
    return found


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def _set(root: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    _get(root, path[:-1])[path[-1]] = new
    return root


def _dumps(value: Any, rng: random.Random) -> str:
    # ensure_ascii: lone surrogates become \ud800 escapes, the way another program could write them.
    return json.dumps(value, ensure_ascii=rng.random() < 0.7, allow_nan=True)


def _near(value: Any, rng: random.Random) -> Any:
    """A value of the same kind, changed: an offset moved or out of range, a string altered."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return rng.choice([value + 1, value - 1, -value, value * 1000, value + 10**6, 2**64 - value, 0])
    if isinstance(value, float):
        return rng.choice([value + 0.5, float("nan"), float("inf")])
    if isinstance(value, str):
        if not value:
            return rng.choice(["x", "\ud800", " "])
        i = rng.randrange(len(value))
        return rng.choice([value[:i], value[:i] + value[i + 1 :], value + value, value.upper(), value[::-1]])
    return value


def change_value(value: Any, rng: random.Random) -> tuple[Any, str]:
    """One place of the value replaced by an odd value, a near value, another place's value, or removed;
    a list's items swapped or duplicated."""
    places = _paths(value)
    path = rng.choice(places)
    target = _get(value, path)
    kind = rng.choice(["odd", "near", "near", "other", "remove", "swap", "dup"])
    if kind == "odd":
        new = rng.choice(ODD_VALUES)
        return _set(value, path, new), f"{path} = {new!r:.40}"
    if kind == "near":
        new = _near(target, rng)
        return _set(value, path, new), f"{path} near: {new!r:.40}"
    if kind == "other":
        source = rng.choice(places)
        new = json.loads(json.dumps(_get(value, source), allow_nan=True))
        return _set(value, path, new), f"{path} = the value at {source}"
    if not path:
        return value, "nothing"
    parent = _get(value, path[:-1])
    if kind == "remove":
        del parent[path[-1]]
        return value, f"{path} removed"
    if isinstance(parent, list) and kind == "swap":
        j = rng.randrange(len(parent))
        parent[path[-1]], parent[j] = parent[j], parent[path[-1]]
        return value, f"{path} swapped with {j}"
    if isinstance(parent, list):
        parent.insert(rng.randrange(len(parent) + 1), json.loads(json.dumps(target, allow_nan=True)))
        return value, f"{path} duplicated"
    return value, "nothing"


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def json_mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One to three changes to the parsed JSON; or a duplicate key, or deep nesting, written as text."""
    value = json.loads(data)
    special = rng.random()
    if special < 0.1:
        text = _dumps(value, rng)
        depth = rng.choice([100, 1000, 100_000])
        at = rng.choice([m.end() for m in re.finditer(r'": ', text)] or [1])
        return (text[:at] + _deep(depth) + ", " + text[at:]).encode(), f"nesting {depth} deep at {at}"
    if special < 0.2:
        text = _dumps(value, rng)
        keys = [m for m in re.finditer(r'"([a-z_]+)": ', text)]
        if keys:
            m = rng.choice(keys)
            extra = f'"{m.group(1)}": {_dumps(rng.choice(ODD_VALUES), rng)}, '
            return (text[: m.start()] + extra + text[m.start() :]).encode(), f"duplicate key {m.group(1)}"
    what = []
    for _ in range(rng.randint(1, 3)):
        value, did = change_value(value, rng)
        what.append(did)
    return _dumps(value, rng).encode("utf-8", errors="surrogatepass"), "; ".join(what)


def jsonl_mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One line's JSON changed (or the lines reordered, duplicated, dropped)."""
    lines = data.split(b"\n")
    full = [i for i, line in enumerate(lines) if line.strip()]
    if not full or rng.random() < 0.2:
        return lines_shuffled(data, rng)
    i = rng.choice(full)
    changed, did = json_mutate(lines[i], rng)
    lines[i] = changed.replace(b"\n", b" ")
    return b"\n".join(lines), f"line {i}: {did}"


def mutate(data: bytes, rng: random.Random, kind: str) -> tuple[bytes, str]:
    """Damage of the kind a file of `kind` ('json', 'jsonl', or anything else: bytes) can meet."""
    if kind == "json" and rng.random() < 0.4:
        try:
            return semantic_mutate(data, rng)
        except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):  # damaged
            pass
    structured = {"json": json_mutate, "jsonl": jsonl_mutate}.get(kind)
    if structured is not None and rng.random() < 0.65:
        try:
            return structured(data, rng)
        except (ValueError, RecursionError):  # already no JSON (an earlier damage): bytes then
            pass
    return rng.choice(BYTE_MUTATORS)(data, rng)


# -- factcheck JSON: damage that keeps the file well formed and mostly self-consistent --------------------
# A tag moved to another span (quote and context following), pieces overlapping or outside, pointers to
# tags of other documents or to nothing, an article corrected (new text and sha256): what a buggy writer
# or a teammate on another version produces, and what the checks must catch or the merge store right.

CONTEXT = 32


def _tags(value: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [
        (doc, ann)
        for doc in value.get("documents", [])
        if isinstance(doc, dict)
        for ann in doc.get("annotations", [])
        if isinstance(ann, dict)
    ]


def _span(text: str, rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(max(1, len(text) - 1))
    return start, min(len(text), start + rng.randint(1, 40))


def place(ann: dict[str, Any], text: str, start: int, end: int) -> None:
    """ann moved to text[start:end], its quote and context following."""
    ann.update(
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def semantic_json(value: dict[str, Any], rng: random.Random) -> str:
    """One well-formed change to a factcheck JSON export (in place); returns what it did."""
    import hashlib

    tags = _tags(value)
    ids = [ann["id"] for _, ann in tags] + ["nope", ""]
    doc, ann = rng.choice(tags)
    text = doc["text"]
    kind = rng.choice(
        ["move", "pieces", "pointer", "speaker", "link", "claim", "corrected", "twin doc", "times", "review",
         "speakers", "terms"]
    )  # fmt: skip
    if kind == "speakers" and value.get("speakers"):
        people = value["speakers"]
        one, two = rng.choice(people), rng.choice(people)
        what = rng.choice(["cycle", "self", "same_as", "kind", "twin"])
        if what == "cycle":  # merged into each other
            one["merged_into"], two["merged_into"] = two["id"], one["id"]
        elif what == "self":
            one["merged_into"] = one["id"]
        elif what == "same_as":
            one["same_as"] = rng.choice([["javascript:alert(1)"], ["x" * 3000], [1], "https://a", [None]])
        elif what == "kind":
            one["kind"] = rng.choice(["org", "", None, "person"])
        else:
            value["speakers"].append({**one, "name": one["name"] + " (2)"})
        return f"speakers: {what} on {one['id']}"
    if kind == "terms":
        key = rng.choice(["labels", "link_types"])
        terms = value.get(key) or []
        if not terms:
            return f"no {key}"
        term = rng.choice(terms)
        field_name = rng.choice([k for k in term if k != "name"] or ["name"])
        term[field_name] = rng.choice((*ODD_VALUES[:12], "source", "cue", "content", "#00ff00", "9", True))
        if rng.random() < 0.3:
            terms.append(json.loads(json.dumps(term)))
        return f"{key}: {term.get('name')!r} {field_name} = {term[field_name]!r:.30}"
    if kind == "move":
        place(ann, text, *_span(text, rng))
        return f"tag {ann['id']} moved to {ann['start']}-{ann['end']}"
    if kind == "pieces":
        pieces = sorted(_span(text, rng) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.3:
            pieces.reverse()
        if rng.random() < 0.2:
            pieces.append((pieces[0][0], len(text) + rng.randint(0, 3)))
        start, end = min(s for s, _ in pieces), max(e for _, e in pieces)
        place(ann, text, start, end)
        ann["fragments"] = [list(p) for p in pieces]
        return f"tag {ann['id']} pieces {pieces}"
    if kind == "pointer":
        key = rng.choice(["source", "cue"])
        ann[key] = rng.choice(ids)
        ann["quotation"] = rng.choice([None, "direct", "indirect", "mixed", "nonsense"])
        return f"tag {ann['id']} {key} = {ann[key]!r}, quotation {ann['quotation']!r}"
    if kind == "speaker":
        speakers = [s.get("id") for s in value.get("speakers", []) if isinstance(s, dict)]
        ann["speaker"] = rng.choice([*speakers, "nope", ""])
        return f"tag {ann['id']} speaker {ann['speaker']!r}"
    if kind == "link":
        links = [lk for d in value["documents"] for lk in d.get("links", [])]
        if not links:
            return "no link"
        link = rng.choice(links)
        key = rng.choice(["from", "to", "type", "id"])
        link[key] = rng.choice([*ids, "same_claim", "denies", "unknown type"])
        return f"link {link.get('id')} {key} = {link[key]!r}"
    if kind == "claim":
        claims = value.get("claims") or []
        if not claims:
            return "no claim"
        card = rng.choice(claims)
        what = rng.choice(["tags", "speaker", "status", "verdict"])
        if what == "tags":
            one, two = rng.choice(ids), rng.choice(ids)
            card["tags"] = rng.choice([[], [one], card["tags"] * 2, [one, two]])
        elif what == "speaker":
            card["speaker"] = rng.choice(["nope", None, "", "sp-jones"])
        elif what == "status":
            card["status"] = rng.choice(["rated", "open", "published", "nonsense", None])
        elif card.get("verdicts"):
            rng.choice(card["verdicts"])["verdict"] = rng.choice(["True", "Pants on fire", "", None])
        return f"card {card.get('id')} {what}"
    if kind == "corrected":
        # Another version of the article: a sentence added or a word changed, sha256 made to match.
        at = rng.randrange(len(text) + 1)
        new = rng.choice([text[:at] + " Updated: a correction. " + text[at:], text[:at] + text[at + 5 :]])
        doc["text"] = new
        doc["sha256"] = hashlib.sha256(new.encode("utf-8")).hexdigest()
        if rng.random() < 0.5:
            doc["id"] = doc["id"][:-1] + "x"
        return f"document {doc['id']} corrected at {at}"
    if kind == "twin doc":
        twin = json.loads(json.dumps(doc))
        twin["id"] = rng.choice([doc["id"], doc["id"] + "-2"])
        if rng.random() < 0.5:
            for a in twin["annotations"]:
                a["id"] = a["id"] + "-2"
        value["documents"].append(twin)
        return f"document {doc['id']} twice, as {twin['id']}"
    if kind == "times":
        key = rng.choice(["created_at", "updated_at", "deleted_at", "reviewed_at"])
        ann[key] = rng.choice(
            ["2000-01-01T00:00:00.000000Z", "2999-01-01T00:00:00.000000Z", None, "2026-02-30T00:00:00Z",
             "2026-01-01T00:00:00+05:00", "2026-01-01"]
        )  # fmt: skip
        return f"tag {ann['id']} {key} = {ann[key]!r}"
    ann["status"] = rng.choice(["accepted", "rejected", None, "maybe"])
    ann["reviewer"] = rng.choice([None, "", "rita", ann.get("annotator")])
    ann["reviewed_at"] = rng.choice([None, "2026-01-01T00:00:00.000000Z"])
    return f"tag {ann['id']} review {ann['status']!r} by {ann['reviewer']!r}"


def semantic_mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    value = json.loads(data)
    what = [semantic_json(value, rng) for _ in range(rng.randint(1, 3))]
    return json.dumps(value, ensure_ascii=False).encode("utf-8", errors="surrogatepass"), "; ".join(what)


# -- brat standoff: one line of the .ann changed, the text file left as it is -------------------------------


def brat_mutate(ann: bytes, text: str, rng: random.Random) -> tuple[bytes, str]:
    """A line of a brat .ann changed: an entity moved (its text following) or split in pieces, out of
    range, of another type; an id taken twice; a relation, event or note pointing elsewhere."""
    lines = ann.decode("utf-8").split("\n")
    full = [i for i, line in enumerate(lines) if line]
    entities = [i for i in full if lines[i].startswith("T")]
    ids = [lines[i].split("\t")[0] for i in full] + ["T999", "R1", "E1", ""]
    i = rng.choice(entities)
    tid, middle, _quote = [*lines[i].split("\t"), "", ""][:3]
    kind_name = middle.split(" ")[0]
    kind = rng.choice(["move", "pieces", "outside", "type", "twin", "pointer", "pointer", "attribute"])
    if kind == "move":
        start, end = _span(text, rng)
        lines[i] = f"{tid}\t{kind_name} {start} {end}\t{text[start:end]}"
    elif kind == "pieces":
        pieces = [_span(text, rng) for _ in range(rng.randint(2, 3))]
        if rng.random() < 0.6:
            pieces.sort()
        where = ";".join(f"{s} {e}" for s, e in pieces)
        lines[i] = f"{tid}\t{kind_name} {where}\t{' '.join(text[s:e] for s, e in pieces)}"
    elif kind == "outside":
        start = rng.choice([len(text), len(text) - 1, -1, 2**63, 10**30])
        lines[i] = f"{tid}\t{kind_name} {start} {start + 3}\tabc"
    elif kind == "type":
        new = rng.choice(["Attribution", "denies", "Review", "unknown", "", "claim", "cue", "source"])
        lines[i] = lines[i].replace(f"\t{kind_name} ", f"\t{new} ", 1)
    elif kind == "twin":
        start, end = _span(text, rng)
        lines.insert(rng.randrange(len(lines) + 1), f"{tid}\t{kind_name} {start} {end}\t{text[start:end]}")
    else:
        others = [j for j in full if lines[j][:1] in ("R", "E", "A", "N", "#")] or full
        j = rng.choice(others)
        refs = re.findall(r"\b[TREAN#]\d+\b", lines[j])
        if refs:
            old = rng.choice(refs[1:] or refs)
            lines[j] = re.sub(rf"\b{re.escape(old)}\b", rng.choice(ids), lines[j], count=1)
        if kind == "attribute" and lines[j].startswith("A"):
            lines[j] = lines[j].rsplit(" ", 1)[0] + " " + rng.choice(["direct", "mixed", "accepted", "x"])
        i = j
    did = f"brat line {i}: {kind}: {lines[i][:80]!r}"
    return "\n".join(lines).encode("utf-8", errors="surrogatepass"), did


def semantic_jsonl(data: bytes, rng: random.Random, texts: dict[str, str]) -> tuple[bytes, str]:
    """semantic_json's changes to the tag lines of a JSONL export (texts: the articles by sha256, which
    JSONL lines do not carry), the lines then written back in their order."""
    lines = data.split(b"\n")
    rows = {i: json.loads(line) for i, line in enumerate(lines) if line.strip()}
    docs: dict[str, dict[str, Any]] = {}
    for row in rows.values():
        sha = row.get("document_sha256") if isinstance(row, dict) else None
        if isinstance(sha, str) and sha in texts and "start" in row:
            blank = {"id": "", "text": texts[sha], "annotations": [], "links": []}
            docs.setdefault(sha, blank)["annotations"].append(row)
    cards = [row for row in rows.values() if isinstance(row, dict) and "tags" in row]
    value = {"documents": list(docs.values()), "claims": cards, "speakers": []}
    what = []
    for _ in range(rng.randint(1, 2)):
        kind = semantic_json(value, rng)
        if kind.startswith(("document", "link", "no ")):
            continue  # no document nor link objects in JSONL
        what.append(kind)
    out = [
        json.dumps(rows[i], ensure_ascii=False).encode("utf-8", errors="surrogatepass") if i in rows else line
        for i, line in enumerate(lines)
    ]
    return b"\n".join(out), "; ".join(what) or "nothing"
