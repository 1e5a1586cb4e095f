"""Evaluation of suggested links: the metrics on hand-computed examples, and gold files."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from followup.links import (
    GoldError,
    GoldLink,
    Suggestion,
    evaluate,
    parse_gold,
    read_gold,
)
from followup.links.evaluate import ndcg, recall, reciprocal_rank


def _s(source: str, target: str, score: float, pair: tuple[str, str] = ("en", "en")) -> Suggestion:
    return Suggestion(source, target, score, "lexical-bm25", "relates_to", pair)


def test_recall_at_k() -> None:
    ranked = ["a", "b", "c", "d"]
    assert recall(ranked, ["c", "x"], 1) == 0
    assert recall(ranked, ["c", "x"], 3) == 0.5
    assert recall(ranked, ["a", "d"], 10) == 1
    with pytest.raises(ValueError, match="relevant"):
        recall(ranked, [], 5)


def test_reciprocal_rank() -> None:
    assert reciprocal_rank(["a", "b", "c"], ["c", "b"]) == 0.5
    assert reciprocal_rank(["a", "b", "c"], ["a"]) == 1
    assert reciprocal_rank(["a", "b"], ["z"]) == 0


def test_ndcg_graded_by_hand() -> None:
    # gains 2**rel - 1: c (rel 3) -> 7, a (rel 1) -> 1; b is not graded (gain 0)
    ranked = ["a", "b", "c"]
    grades = {"c": 3, "a": 1}
    dcg = 1 / math.log2(2) + 0 / math.log2(3) + 7 / math.log2(4)  # 1 + 3.5
    ideal = 7 / math.log2(2) + 1 / math.log2(3)
    assert ndcg(ranked, grades) == pytest.approx(dcg / ideal)
    assert ndcg(["c", "a"], grades) == pytest.approx(1.0)
    # only the first k count
    assert ndcg(["x", "c"], grades, k=1) == 0


def test_evaluate_macro_averages_over_sources_with_relevant_links() -> None:
    suggestions = [
        _s("s1", "t1", 0.9),
        _s("s1", "t2", 0.8),
        _s("s2", "t3", 0.7),
        _s("s2", "t4", 0.6),
    ]
    gold = [
        GoldLink("s1", "t2", 1),  # rank 2 for s1
        GoldLink("s2", "t9", 2),  # never suggested for s2
        GoldLink("s3", "t1", 0),  # no relevant link: s3 is not counted
    ]
    result = evaluate(suggestions, gold)
    assert result.overall.sources == 2
    assert result.overall.recall_at(1) == 0
    assert result.overall.recall_at(5) == 0.5
    assert result.overall.mrr == pytest.approx((1 / 2 + 0) / 2)
    assert result.overall.ndcg == pytest.approx((1 / math.log2(3) + 0) / 2)
    data = result.as_dict()["overall"]
    assert data == {
        "sources": 2,
        "recall@1": 0.0,
        "recall@5": 0.5,
        "recall@10": 0.5,
        "recall@20": 0.5,
        "mrr": 0.25,
        "ndcg@10": round(1 / math.log2(3) / 2, 6),
    }


def test_evaluate_ranks_by_score_then_target_whatever_the_order_given() -> None:
    gold = [GoldLink("s", "b", 1)]
    result = evaluate([_s("s", "b", 0.5), _s("s", "a", 0.5)], gold)
    assert result.overall.mrr == 0.5  # "a" comes first on a tie


def test_evaluate_per_language_pair_measures_each_pairs_links() -> None:
    suggestions = [
        _s("s", "en1", 0.9),
        _s("s", "fr1", 0.8, ("en", "fr")),
        _s("s", "en2", 0.7),
    ]
    gold = [GoldLink("s", "fr1", 1), GoldLink("s", "en2", 1)]
    result = evaluate(suggestions, gold)
    assert set(result.by_language) == {"en/en", "en/fr"}
    assert result.by_language["en/fr"].mrr == 0.5  # its whole list: fr1 is second
    assert result.by_language["en/en"].mrr == pytest.approx(1 / 3)
    assert result.overall.mrr == 0.5
    # a function can say the pair of a gold link that was never suggested
    result = evaluate([], gold, pairs=lambda s, t: "en/fr" if t.startswith("fr") else "en/en")
    assert result.by_language["en/fr"].sources == 1
    assert result.by_language["en/fr"].recall_at(20) == 0


def test_parse_gold_reads_lines_and_skips_blank_ones() -> None:
    data = (
        '{"source": "a", "target": "b", "relevance": 2}\n'
        "\n"
        '{"source": "a", "target": "c", "relevance": 0, "note": "checked"}\n'
    )
    assert parse_gold(data) == (GoldLink("a", "b", 2), GoldLink("a", "c", 0))
    assert parse_gold(data)[1].line == 3


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("not json", "line 2: not a JSON object"),
        ("[1, 2]", "line 2: expected an object"),
        ('{"source": "a", "relevance": 1}', "line 2: field 'target'"),
        ('{"source": "", "target": "b", "relevance": 1}', "line 2: field 'source'"),
        ('{"source": "a", "target": "b", "relevance": -1}', "line 2: field 'relevance'"),
        ('{"source": "a", "target": "b", "relevance": 1.5}', "line 2: field 'relevance'"),
        ('{"source": "a", "target": "b", "relevance": true}', "line 2: field 'relevance'"),
        ('{"source": "a", "target": "a", "relevance": 1}', "line 2: field 'target'"),
        ('{"source": "x", "target": "y", "relevance": 1}', "already graded on line 1"),
    ],
)
def test_a_bad_gold_line_is_named(tmp_path: Path, line: str, words: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"source": "x", "target": "y", "relevance": 1}\n' + line + "\n")
    with pytest.raises(GoldError) as caught:
        read_gold(path)
    assert str(path) in str(caught.value)
    assert words in str(caught.value)


def test_gold_must_be_utf8_and_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b'{"source": "\xff"}\n')
    with pytest.raises(GoldError, match="UTF-8"):
        read_gold(path)
    with pytest.raises(OSError):
        read_gold(tmp_path)  # a directory: refused by the bounded read path
