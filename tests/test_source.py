"""workbook.load.source: YAML text → plain data plus the position of every key and value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import VALID_EXAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.load.source import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    InvalidDate,
    Mark,
    Source,
    load,
    read_text,
)


def load_text(text: str, name: str = "x.yaml") -> tuple[Source | None, list]:
    return load(Path(name), Path(name), text=text)


def ok(text: str) -> Source:
    source, problems = load_text(text)
    assert problems == []
    assert source is not None
    return source


def only_problem(text: str):
    source, problems = load_text(text)
    assert source is None
    assert len(problems) == 1, problems
    return problems[0]


# --- data --------------------------------------------------------------------------------------


def test_plain_scalars_resolve_to_yaml_types() -> None:
    data = ok(
        "tekst: hallo\ngetal: 12\nkomma: 1.5\nja: true\nnee: no\ndatum: 2021-03-01\nleeg: ~\n"
    ).data
    assert data == {
        "tekst": "hallo",
        "getal": 12,
        "komma": 1.5,
        "ja": True,
        "nee": False,
        "datum": dt.date(2021, 3, 1),
        "leeg": None,
    }


def test_quoted_and_block_scalars_are_always_text() -> None:
    data = ok("a: 'true'\nb: \"12\"\nc: |\n  2021-03-01\nd: >-\n  no\n").data
    assert data == {"a": "true", "b": "12", "c": "2021-03-01\n", "d": "no"}


def test_impossible_date_is_kept_as_invalid_date_text() -> None:
    value = ok("bijgewerkt: 2021-02-30\n").data["bijgewerkt"]
    assert isinstance(value, InvalidDate)
    assert value == "2021-02-30"
    assert isinstance(ok("bijgewerkt: 2021-01-01\n").data["bijgewerkt"], dt.date)
    assert ok("bijgewerkt: '2021-01-01'\n").data["bijgewerkt"] == "2021-01-01"


def test_nan_is_kept_as_text() -> None:
    assert ok("volgorde: .nan\n").data == {"volgorde": ".nan"}


def test_valid_example_loads_to_plain_data() -> None:
    data = ok(VALID_EXAMPLE).data
    assert data["looptijd"] == {"start": "2021-09"}
    assert data["bijgewerkt"] == dt.date(2024, 5, 1)
    assert data["partners"][1] == {"naam": "Politie Midden-Nederland", "soort": "politie"}
    assert type(data) is dict
    assert type(data["partners"]) is list


def test_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbftitel: Kort\n")
    source, problems = load(path)
    assert problems == []
    assert source is not None
    assert source.data == {"titel": "Kort"}
    assert source.values[("titel",)] == Mark(1, 8, 4)


# --- positions ---------------------------------------------------------------------------------


def test_positions_of_keys_and_values_are_one_based() -> None:
    source = ok(VALID_EXAMPLE)
    assert source.keys[("titel",)] == Mark(1, 1, 5)
    assert source.values[("titel",)] == Mark(1, 8, len("Weerbaar op school"))
    assert source.values[("status",)] == Mark(6, 9, 6)
    assert source.values[("looptijd", "start")] == Mark(8, 10, 7)
    assert source.keys[("looptijd", "start")] == Mark(8, 3, 5)


def test_list_positions_are_zero_based_in_paths() -> None:
    source = ok(VALID_EXAMPLE)
    assert source.values[("gemeenten", 0)] == Mark(5, 5, 7)
    assert source.values[("partners", 1, "soort")].line == 22
    assert source.values[("partners", 1, "soort")].column == 12
    assert source.keys[("partners", 1, "naam")] == Mark(21, 5, 4)
    assert source.values[("partners", 1)].line == 21  # the mapping starts at its first key
    assert source.values[("partners", 1)].column == 5


def test_flow_collections_have_positions() -> None:
    source = ok("wijken: [Noord, 'Zuid']\n")
    assert source.values[("wijken",)].column == 9
    assert source.values[("wijken", 0)] == Mark(1, 10, 5)
    assert source.values[("wijken", 1)] == Mark(1, 17, 6)


def test_scalar_styles_are_recorded() -> None:
    source = ok("a: x\nb: 'x'\nc: \"x\"\nd: |\n  x\ne: >\n  x\n")
    assert source.styles == {("a",): None, ("b",): "'", ("c",): '"', ("d",): "|", ("e",): ">"}


def test_value_mark_falls_back_to_the_nearest_parent() -> None:
    source = ok(VALID_EXAMPLE)
    assert source.value_mark(("looptijd", "eind")) == source.values[("looptijd",)]
    assert source.value_mark(("partners", 1, "rol")) == source.values[("partners", 1)]
    assert source.value_mark(("bestaat", "niet")) == source.values[()]
    assert source.key_mark(("looptijd", "eind")) == source.values[("looptijd",)]
    assert Source(Path("x"), "").value_mark(("a",)) == Mark(1, 1)


def test_block_scalar_width_stays_on_its_line() -> None:
    source = ok("tekst: |\n  regel een\n  regel twee\n")
    mark = source.values[("tekst",)]
    assert (mark.line, mark.column) == (1, 8)
    assert mark.width >= 1


def test_line_text() -> None:
    source = ok(VALID_EXAMPLE)
    assert source.line_text(6) == "status: lopend"
    assert source.line_text(0) == ""
    assert source.line_text(999) == ""


# --- what the loader refuses -------------------------------------------------------------------


def test_duplicate_key_names_the_first_line() -> None:
    problem = only_problem("titel: a\nthema: b\ntitel: c\n")
    assert (problem.code, problem.line, problem.column) == ("duplicate-key", 3, 1)
    assert "regel 1" in problem.message
    assert "'titel'" in problem.message


def test_anchor_and_alias_are_both_reported() -> None:
    source, problems = load_text("a: &x tekst\nb: *x\n")
    assert source is None
    assert [(p.code, p.line, p.column) for p in problems] == [("alias", 1, 4), ("alias", 2, 4)]
    assert "&x" in problems[0].message
    assert "*x" in problems[1].message


def test_merge_key_with_alias_is_rejected() -> None:
    source, problems = load_text("basis: &b {a: 1}\nkopie:\n  <<: *b\n")
    assert source is None
    assert {p.code for p in problems} == {"alias"}


def test_at_most_twenty_problems_per_file() -> None:
    text = "a: &a [x]\n" + "".join(f"k{i}: *a\n" for i in range(100))
    source, problems = load_text(text)
    assert source is None
    assert len(problems) == 20


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a: !!python/object/apply:os.system ['ls']\n", "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system ''\n", "!!python/name:os.system"),
        ("a: !!binary aGFsbG8=\n", "!!binary"),
        ("a: !eigen x\n", "!eigen"),
        ("a: !!map {b: c}\n", "!!map"),
    ],
)
def test_tags_are_rejected_and_named(text: str, shown: str) -> None:
    problem = only_problem(text)
    assert (problem.code, problem.line, problem.column) == ("tag", 1, 4)
    assert shown in problem.message


def test_second_document_is_rejected() -> None:
    problem = only_problem("a: 1\n---\nb: 2\n")
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 2, 1)


def test_explicit_single_document_is_fine() -> None:
    assert ok("---\na: 1\n...\n").data == {"a": 1}


def test_nesting_deeper_than_the_limit_is_rejected() -> None:
    text = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    problem = only_problem(text)
    assert problem.code == "yaml-syntax"
    assert str(MAX_DEPTH) in problem.message


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 2
    assert ok("a: " + "[" * depth + "]" * depth + "\n").data is not None


def test_non_text_key_is_rejected() -> None:
    problem = only_problem("? [a, b]\n: c\n")
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 1, 3)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("a:\n\t- b\n", 2, 1, "tab"),
        ("a: '@x\n", 1, 4, "aanhalingsteken"),
        ("a: @x\n", 1, 4, "'@'"),
        ("a: `x`\n", 1, 4, "'@' of '`'"),
        ("a: b: c\n", 1, 5, "dubbele punt"),
        ("a: [b, c\n", 1, 4, "[ ]"),
        ("a: {b: c\n", 1, 4, "{ }"),
        ("a:\n  - b\n - c\n", 3, 2, ""),
    ],
)  # fmt: skip
def test_syntax_errors_get_dutch_messages(text: str, line: int, column: int, words: str) -> None:
    problem = only_problem(text)
    assert problem.code == "yaml-syntax"
    assert (problem.line, problem.column) == (line, column)
    assert words in problem.message
    assert "technisch" in problem.message or problem.hint
    assert problem.hint


def test_syntax_error_position_is_never_past_the_text() -> None:
    problem = only_problem("a: 'open\nb: c")
    lines = "a: 'open\nb: c".splitlines()
    assert 1 <= problem.line <= len(lines)
    assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\ufffe"])
def test_forbidden_characters_are_encoding_problems(character: str) -> None:
    problem = only_problem(f"a: b\nc: d{character}e\n")
    assert (problem.code, problem.line, problem.column) == ("encoding", 2, 5)
    assert f"U+{ord(character):04X}" in problem.message


# --- reading files -----------------------------------------------------------------------------


def test_read_text_reports_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes("a: één\nb: caf".encode() + b"\xe9\n")
    text, [problem] = read_text(path, Path("a.yaml"))
    assert text is None
    assert (problem.code, problem.line, problem.column) == ("encoding", 2, 7)
    assert "0xe9" in problem.message


def test_read_text_limit_is_256_kib(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"#" * MAX_FILE_BYTES)
    assert read_text(path, path)[1] == []
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    text, [problem] = read_text(path, path)
    assert text is None
    assert (problem.code, problem.line, problem.column) == ("too-large", 1, 1)


def test_too_large_file_is_not_read(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "groot.yaml"
    path.write_bytes(b"a: b\n" * (MAX_FILE_BYTES // 4))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a too-large file"))
    _, [problem] = read_text(path, path)
    assert problem.code == "too-large"


def test_missing_file_is_reported(tmp_path: Path) -> None:
    source, [problem] = load(tmp_path / "weg.yaml")
    assert source is None
    assert problem.code == "file-missing"


def test_diagnostics_use_the_display_path(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: &x b\n", encoding="utf-8")
    _, [problem] = load(path, Path("toon/a.yaml"))
    assert problem.file == Path("toon/a.yaml")


# --- robustness --------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t'\"[]{}&*!#|>?,@`%\\0é\x07")), max_size=60))
def test_load_never_raises(text: str) -> None:
    source, problems = load_text(text)
    assert (source is None) == bool(problems)
    lines = text.splitlines() or [""]
    for problem in problems:
        assert 1 <= problem.line <= max(1, len(lines)), (text, problem)
        assert problem.column >= 1
