"""Every command the README and docs/ show exists as shown: its verb, its actions (`labels add`), its
options and the values listed for an option with choices (`--format csv|json`). Docs rot silently when
a flag is renamed; a user copying a documented command must not meet "unrecognized arguments"."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck.cli import VERBS, build_parser

ROOT = Path(__file__).resolve().parents[3]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
GLOBAL_OPTIONS = ("--db", "--annotator")
# "factcheck" at the start of a code line, after an optional prompt, `uv run`, or the standalone app's path
_COMMAND = re.compile(r"^(?:\$ )?(?:uv run |(?:\./)?factcheck/)?(factcheck(?: .*)?)$")
_OPTION = re.compile(r"--[a-z][a-z-]*")
_WORD = re.compile(r"[a-z][a-z-]*")


def documented_commands(text: str) -> Iterator[tuple[int, str]]:
    """(line number, command) for each factcheck command in text's code: fenced or indented blocks, and
    inline code that starts with `factcheck `. A trailing `# comment` is left out."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.startswith("    "):
            candidates = [stripped]
        else:
            candidates = re.findall(r"`(factcheck [^`]+)`", line)
        for candidate in candidates:
            command = re.split(r"\s+#\s", candidate)[0].strip()
            match = _COMMAND.match(command)
            if match:
                yield number, match.group(1)


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    found = {s: a for a in parser._actions for s in a.option_strings}
    for sub in _subcommands(parser).values():
        found.update(_options(sub))
    return found


def problems(command: str, parser: argparse.ArgumentParser) -> list[str]:
    """What in command does not exist in parser (empty: it is all there)."""
    tokens = command.split()[1:]
    verbs = _subcommands(parser)
    rest = list(tokens)
    while rest and rest[0].strip("[]") in GLOBAL_OPTIONS:  # `--db PATH` or `[--db PATH]`
        rest = rest[2:]
    if not rest or rest[0].startswith("-") or not _WORD.fullmatch(rest[0]) or rest[0] not in VERBS:
        # the app itself (factcheck, factcheck FILE..., factcheck --version) or a verb that is not one
        if rest and _WORD.fullmatch(rest[0]) and rest[0] not in VERBS:
            return [f"no verb {rest[0]!r}"]
        app = ("--version", "--help", *GLOBAL_OPTIONS)
        return [f"no option {o!r}" for o in _OPTION.findall(" ".join(rest)) if o not in app]
    verb = verbs[rest[0]]
    found: list[str] = []
    actions = _subcommands(verb)
    if actions:  # `labels list | add NAME ... | rename OLD NEW`: the word after the verb or a lone "|"
        words = rest[1:]
        for i, word in enumerate(words):
            if (i == 0 or words[i - 1] == "|") and _WORD.fullmatch(word) and word not in actions:
                found.append(f"no action {word!r} of {rest[0]!r}")
    options = _options(verb)
    for i, token in enumerate(rest[1:], 1):
        for name in _OPTION.findall(token):
            if name in GLOBAL_OPTIONS or name == "--help":
                continue
            action = options.get(name)
            if action is None:
                found.append(f"no option {name!r} of {rest[0]!r}")
                continue
            if action.choices is not None and i + 1 < len(rest):
                listed = rest[i + 1].strip("[]")
                if listed != "..." and not listed.isupper():
                    found.extend(
                        f"{name} has no value {value!r}"
                        for value in listed.split("|")
                        if value and value not in action.choices
                    )
    return found


def _cases() -> list[tuple[str, int, str]]:
    return [
        (path.relative_to(ROOT).as_posix(), number, command)
        for path in DOCS
        for number, command in documented_commands(path.read_text(encoding="utf-8"))
    ]


def test_the_docs_show_commands() -> None:
    cases = _cases()
    verbs = {c.split()[1] for _, _, c in cases if len(c.split()) > 1}
    assert len(cases) > 40 and {"import", "export", "sync", "server", "claims"} <= verbs


@pytest.mark.parametrize(("doc", "line", "command"), _cases(), ids=lambda v: str(v)[:60])
def test_each_documented_command_exists_as_shown(doc: str, line: int, command: str) -> None:
    assert problems(command, build_parser()) == [], f"{doc}:{line}: {command}"


def test_a_renamed_option_an_unknown_action_or_value_is_caught() -> None:
    parser = build_parser()
    assert problems("factcheck export --format csv|json --out PATH", parser) == []
    assert problems("factcheck export --formats csv", parser) == ["no option '--formats' of 'export'"]
    assert problems("factcheck export --format csv|yaml", parser) == ["--format has no value 'yaml'"]
    assert problems("factcheck labels list | add NAME | recolour NAME", parser) == [
        "no action 'recolour' of 'labels'"
    ]
    assert problems("factcheck --db P exprot", parser) == ["no verb 'exprot'"]
    assert problems("factcheck --annotator ana import --add-labels corpus/", parser) == []


def test_commands_are_found_in_code_not_in_prose() -> None:
    text = (
        "factcheck writes a file (prose)\n"
        "Run `factcheck export --format csv` then `factcheck` alone.\n"
        "    uv run factcheck          # the app\n"
        "```\n$ factcheck sync --server URL   # with the server\n```\n"
        "    factcheck/factcheck install-desktop\n"
    )
    assert [c for _, c in documented_commands(text)] == [
        "factcheck export --format csv",
        "factcheck",
        "factcheck sync --server URL",
        "factcheck install-desktop",
    ]


def _verb_and_rest(command: str) -> tuple[str, list[str]]:
    rest = command.split()[1:]
    while rest and rest[0].strip("[]") in GLOBAL_OPTIONS:
        rest = rest[2:]
    return (rest[0], rest[1:]) if rest else ("", [])


def test_the_readme_shows_every_verb_and_export_format() -> None:
    """The README's command line is a newcomer's whole reference: each verb, and each format `export`
    writes, is shown there at least once (the details may live in docs/)."""
    commands = [c for _, c in documented_commands((ROOT / "README.md").read_text(encoding="utf-8"))]
    verbs = {_verb_and_rest(c)[0] for c in commands}
    assert set(VERBS) - verbs == set()
    formats: set[str] = set()
    for command in commands:
        verb, rest = _verb_and_rest(command)
        if verb == "export" and "--format" in rest[:-1]:
            formats.update(rest[rest.index("--format") + 1].split("|"))
    export = _subcommands(build_parser())["export"]
    choices = next(a.choices for a in export._actions if "--format" in a.option_strings)
    assert choices is not None and set(choices) - formats == set()
