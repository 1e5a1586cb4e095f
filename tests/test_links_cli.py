"""``followup links suggest|evaluate`` from the command line, and ``import followup``
staying light."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from followup.cli import main
from followup.links import semantic

from .conftest import KAZAKHSTAN, ROOT

DEV = ROOT / "tests" / "links"


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def _digest(path: Path) -> str:
    files = sorted(p for p in path.rglob("*") if p.is_file())
    return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()


def test_suggest_json_best_first_per_source_and_writes_nothing() -> None:
    before = _digest(KAZAKHSTAN)
    code, out = _run(
        "links", "suggest", str(KAZAKHSTAN), "--from", "kaz-iphr-2025", "--to", "mechanism:CCPR",
        "--top", "3", "--format", "json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert len(data) == 16 * 3
    assert all(set(item) == {"source", "target", "score", "method", "kind"} for item in data)
    assert {item["kind"] for item in data} == {"relates_to"}
    # the default method is the semantic one where the links extra is installed
    expected = "semantic-use3" if semantic.available() else "lexical-bm25"
    assert all(item["method"].startswith(expected) for item in data)
    for start in range(0, len(data), 3):
        scores = [item["score"] for item in data[start : start + 3]]
        assert len({item["source"] for item in data[start : start + 3]}) == 1
        assert scores == sorted(scores, reverse=True)
    assert _digest(KAZAKHSTAN) == before


def test_suggest_method_lexical_on_request() -> None:
    code, out = _run(
        "links", "suggest", str(KAZAKHSTAN), "--from", "kaz-iphr-2025", "--to", "mechanism:CCPR",
        "--top", "2", "--format", "json", "--method", "lexical",
    )  # fmt: skip
    assert code == 0
    assert all(item["method"].startswith("lexical-bm25") for item in json.loads(out))


def test_suggest_table_names_the_kind_of_link() -> None:
    code, out = _run(
        "links", "suggest", str(KAZAKHSTAN), "--from", "kaz-ccpr-2016", "--to", "kaz-ccpr-2011"
    )
    assert code == 0
    assert "kaz-ccpr-2-p52: " in out
    assert " 1. " in out and " 2. " in out
    assert "reiterates kaz-ccpr-1-p" in out
    assert ("[semantic-use3" if semantic.available() else "[lexical-bm25") in out


def test_suggest_with_no_candidates_says_so() -> None:
    code, out = _run(
        "links", "suggest", str(KAZAKHSTAN), "--from", "kaz-ccpr-2011", "--to", "kaz-ccpr-2016",
        "--kind", "reiterates",
    )  # fmt: skip
    assert code == 0
    assert "no candidates" in out


def test_an_unknown_selector_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _ = _run("links", "suggest", str(KAZAKHSTAN), "--from", "theme:asembly", "--to", "all")
    assert code == 1
    err = capsys.readouterr().err
    assert "theme:asembly" in err and "did you mean 'assembly'" in err
    assert "Traceback" not in err


def test_evaluate_recorded_links_json() -> None:
    code, out = _run("links", "evaluate", str(KAZAKHSTAN), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["overall"]["sources"] == 18
    assert set(data["by_language"]) == {"en/en"}
    assert set(data["overall"]) == {
        "sources", "recall@1", "recall@5", "recall@10", "recall@20", "mrr", "ndcg@10",
    }  # fmt: skip
    assert data["overall"]["recall@10"] >= 0.9


def test_evaluate_a_gold_file_in_a_table(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"source": "iphr-2025-2.1", "target": "kaz-ccpr-2-p52", "relevance": 2}\n'
        '{"source": "iphr-2025-2.1", "target": "kaz-ccpr-2-p50a", "relevance": 0}\n',
        encoding="utf-8",
    )
    code, out = _run("links", "evaluate", str(KAZAKHSTAN), "--gold", str(gold))
    assert code == 0
    lines = out.splitlines()
    assert lines[1].split() == ["pair", "sources", "R@1", "R@5", "R@10", "R@20", "MRR", "nDCG@10"]
    assert lines[2].split()[:2] == ["all", "1"]
    assert lines[3].split()[:2] == ["en/en", "1"]


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('{"source": "iphr-2025-2.1", "target": 7, "relevance": 1}', "line 2: field 'target'"),
        (
            '{"source": "iphr-2025-2.1", "target": "kaz-ccpr-2-p5", "relevance": 1}',
            "line 2: field 'target': 'kaz-ccpr-2-p5' is not a recommendation",
        ),
    ],
)
def test_evaluate_names_a_bad_gold_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, words: str
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"source": "iphr-2025-2.1", "target": "kaz-ccpr-2-p52", "relevance": 2}\n' + line + "\n"
    )
    code, _ = _run("links", "evaluate", str(KAZAKHSTAN), "--gold", str(gold))
    assert code == 1
    err = capsys.readouterr().err
    assert str(gold) in err and words in err


@pytest.mark.parametrize("action", ["suggest", "evaluate"])
def test_help_ends_with_an_example(action: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["links", action, "--help"])
    assert f"Example:\n  followup links {action} registries/kazakhstan" in capsys.readouterr().out


def test_import_followup_does_not_load_links() -> None:
    script = (
        "import sys, followup, followup.cli\n"
        "print(sorted(m for m in sys.modules if m.startswith('followup.links') "
        "or m.split('.')[0] in ('snowballstemmer', 'anyascii')))\n"
        "followup.links.suggest\n"
        "print('followup.links.lexical' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.split("\n")[:2] == ["[]", "True"]


@pytest.mark.skipif(not DEV.is_dir(), reason="no development gold set")
@pytest.mark.parametrize(
    "gold", sorted(DEV.glob("gold-*.jsonl")) if DEV.is_dir() else [], ids=lambda p: p.stem
)
def test_development_gold_set(gold: Path) -> None:
    kind = gold.stem.split("-")[1]
    code, out = _run(
        "links", "evaluate", str(DEV / "registry"), "--gold", str(gold), "--kind", kind,
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    overall = json.loads(out)["overall"]
    # measured 0.59 (English asks against Russian texts) to 1.00 when written: a floor
    # that catches a broken method, not a target
    assert overall["recall@10"] >= 0.4
