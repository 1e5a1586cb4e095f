"""Write a synthetic, valid registry in the directory layout, for benchmarks and tests.

The registry is shaped like a real one (see docs/registry-format.md): a manifest with ten
themes, one review per file (mechanisms in turn, all of Kazakhstan), and recommendations
with 300-700 characters of paraphrase-like text, a source, themes, rights, sometimes
``follow_up: true`` and ``reiterates:`` (earlier ids), and three history entries each (a
response, then two assessments with evidence), dated in order and before 2026.

The YAML is written with plain string formatting (fast), not by a YAML dumper: strings
are double-quoted with escapes, or written as folded block scalars; dates are unquoted.
The output depends only on the arguments (``seed`` included).

Usage::

    python bench/generate.py OUT_DIR [--recommendations N] [--per-file N] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

__all__ = ["dq", "generate"]

_WORDS = """
    the State party should ensure that all and any of its laws policies practices on
    public assembly association expression media journalists human rights defenders are
    brought into line with article 19 21 22 25 Covenant Convention including by
    amending the Criminal Code Administrative Offences Law on Peaceful Assemblies
    Mass Media provisions on extremism false information insult honour dignity
    should take measures to guarantee prompt impartial thorough and independent
    investigation of allegations torture ill-treatment deaths in custody prosecute
    perpetrators and where convicted punish them with appropriate sanctions provide
    victims with full reparation rehabilitation adequate compensation establish an
    effective mechanism for receiving complaints from persons deprived of liberty
    consider abolishing death penalty ratifying Second Optional Protocol review
    registration procedures for political parties religious organizations non-
    governmental organizations refrain from prosecuting criminalizing activists
    bloggers trade unions lawyers ensure access to counsel from the outset of
    detention judicial oversight pre-trial detention is an exceptional measure
    reasonable necessary proportionate strictly limited legitimate aim in a
    democratic society adopt comprehensive anti-discrimination legislation covering
    sexual orientation gender identity disability ethnicity language ensure
    equal participation women minorities in public life also continue strengthen
    training for police prosecutors judges officials about international standards
    collect disaggregated data report on progress made within the next cycle
    (including) so-called "administrative" State's authorities' practice;
"""
#: The words texts are made of (deterministic given the seed).
VOCABULARY = tuple(_WORDS.split())

THEMES = (
    ("accountability", "Accountability for past events", ("ICCPR art. 2", "ICCPR art. 6")),
    ("torture", "Torture and ill-treatment", ("ICCPR art. 7", "CAT art. 2")),
    ("expression", "Freedom of expression and of the media", ("ICCPR art. 19",)),
    ("assembly", "Freedom of peaceful assembly", ("ICCPR art. 21",)),
    ("association", "Freedom of association", ("ICCPR art. 22",)),
    ("participation", "Participation in public life", ("ICCPR art. 25",)),
    ("defenders", "Human rights defenders and journalists", ("ICCPR art. 19", "ICCPR art. 22")),
    ("death-penalty", "Death penalty", ("ICCPR art. 6", "ICCPR OP2")),
    ("fair-trial", "Fair trial and liberty", ("ICCPR art. 9", "ICCPR art. 14")),
    ("non-discrimination", "Equality and non-discrimination", ("ICCPR art. 2", "ICCPR art. 26")),
)

#: (mechanism, document symbol prefix, session name) in the order reviews take them.
MECHANISMS = (
    ("CCPR", "CCPR/C/KAZ/CO"),
    ("CAT", "CAT/C/KAZ/CO"),
    ("UPR", "A/HRC/WG.6/KAZ"),
    ("CEDAW", "CEDAW/C/KAZ/CO"),
    ("CESCR", "E/C.12/KAZ/CO"),
    ("CRC", "CRC/C/KAZ/CO"),
    ("CERD", "CERD/C/KAZ/CO"),
    ("CRPD", "CRPD/C/KAZ/CO"),
    ("NGO", "IPHR/KAZ"),
)

#: With ``states`` > 1 (the UN-scale registry), reviews take every mechanism in turn.
ALL_MECHANISMS = (
    *MECHANISMS,
    ("CED", "CED/C/KAZ/CO"),
    ("CMW", "CMW/C/KAZ/CO"),
    ("SPT", "CAT/OP/KAZ"),
    ("SP", "A/HRC/SR/KAZ"),
    ("NHRI", "NHRI/KAZ"),
)

RECOMMENDING_STATES = ("Norway", "Canada", "Chile", "Germany", "Ghana", "Japan", "Uruguay")
#: The NGOs that judge (id, name); each mechanism also judges, with its own id.
NGO_JUDGES = (
    ("iphr", "IPHR"),
    ("kibhr", "KIBHR"),
    ("ccpr-centre", "CCPR Centre"),
    ("amnesty", "Amnesty International"),
    ("adilet", "Adilet"),
)
JUDGES = tuple(judge_id for judge_id, _ in NGO_JUDGES)
STATUSES = ("not-implemented", "partially-implemented", "implemented", "regressed")
HRC_GRADES = ("A", "B", "C", "D", "E")
LAST_DAY = dt.date(2025, 12, 31)
FIRST_REVIEW, LAST_REVIEW = dt.date(2005, 3, 1), dt.date(2022, 11, 30)

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def dq(value: str) -> str:
    """``value`` as a double-quoted YAML scalar (escapes backslash, quote, controls)."""
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F or char in "\u2028\u2029\ufeff":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _sentence_text(rng: random.Random, low: int = 300, high: int = 700) -> str:
    """Paraphrase-like text of ``low`` to ``high`` characters: sentences of vocabulary."""
    target = rng.randint(low, high)
    sentences: list[str] = []
    length = 0
    while True:
        words = rng.choices(VOCABULARY, k=rng.randint(8, 22))
        sentence = " ".join(words)
        sentence = sentence[0].upper() + sentence[1:] + "."
        if length + len(sentence) + 1 > target and length >= low:
            break
        sentences.append(sentence)
        length += len(sentence) + 1
        if length >= target:
            break
    text = " ".join(sentences)
    return text[:high].rstrip() if len(text) > high else text


def _folded(text: str, indent: str, width: int = 78) -> str:
    """``text`` (single spaces, no newlines) as a folded block scalar ``>-``."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ">-\n" + "".join(f"{indent}{item}\n" for item in lines).rstrip("\n")


def _text(rng: random.Random, indent: str, low: int = 300, high: int = 700) -> str:
    """A text value: half as a folded block, half double-quoted (both seen in registries)."""
    text = _sentence_text(rng, low, high)
    return _folded(text, indent) if rng.random() < 0.5 else dq(text)


def _days(date: dt.date, rng: random.Random, low: int, high: int) -> dt.date:
    return min(LAST_DAY, date + dt.timedelta(days=rng.randint(low, high)))


def _states(count: int) -> list[str]:
    """``count`` ISO alpha-3 codes, Kazakhstan first, the others in alphabetical order."""
    from followup.model.values import ISO_ALPHA3

    return ["KAZ", *sorted(ISO_ALPHA3 - {"KAZ"})][:count]


def _manifest(recommendations: int, states: list[str] | None = None) -> str:
    lines = [
        "followup: 1",
        "id: bench",
        "title:",
        f"  en: {dq(f'Synthetic benchmark registry ({recommendations:,} recommendations)')}",
        f"  ru: {dq('Синтетический реестр для измерений')}",
        'version: "2025.1"',
        f"states: [{', '.join(states or ['KAZ'])}]",
        "language: en",
        f"description: {dq('Generated by bench/generate.py; the texts are random words.')}",
        "licence: CC-BY-4.0",
        "maintainers:",
        "  - name: followup benchmarks",
        "    role: generator",
        "    url: https://example.org/followup",
        "judges:",
        *(f"  - {{id: {i}, name: {dq(n)}, role: ngo}}" for i, n in NGO_JUDGES),
        *(f"  - {{id: {m.lower()}, name: {m}, role: un-body}}" for m, _ in ALL_MECHANISMS),
        "default_scale: implementation",
        "scales: [implementation, hrc-follow-up]",
        "updated: 2025-12-01",
        "themes:",
    ]
    for theme_id, label, rights in THEMES:
        lines.append(f"  - id: {theme_id}")
        lines.append(f"    label: {dq(label)}")
        lines.append(f"    rights: [{', '.join(dq(r) for r in rights)}]")
    return "\n".join(lines) + "\n"


def _review_header(
    index: int, files: int, rng: random.Random, states: list[str] | None = None
) -> tuple[str, str, str, dt.date]:
    """The review's YAML (without recommendations), its mechanism, symbol and date."""
    kinds = ALL_MECHANISMS if states else MECHANISMS
    mechanism, prefix = kinds[index % len(kinds)]
    state = states[index % len(states)] if states else "KAZ"
    prefix = prefix.replace("KAZ", state)
    cycle = index // len(kinds) + 1
    # reviews in date order, 2005 to 2022, so that history fits before 2026
    date = FIRST_REVIEW + (LAST_REVIEW - FIRST_REVIEW) * index // max(1, files - 1)
    symbol = f"{prefix}/{cycle}"
    review_id = f"bench-{mechanism.lower()}-{index + 1}"
    name = "Kazakhstan" if state == "KAZ" else state
    title = f"{mechanism} review of {name}, cycle {cycle} (synthetic)"
    lines = [
        "followup: 1",
        f"id: {review_id}",
        f"mechanism: {mechanism}",
        f"state: {state}",
        "title:",
        f"  en: {dq(title)}",
        f"  ru: {dq(f'Обзор {mechanism}, цикл {cycle}')}",
        f"date: {date.isoformat()}",
        f"cycle: {cycle}",
        f"session: {dq(f'{100 + index}th session')}",
    ]
    if mechanism in ("NGO", "NHRI"):
        lines.append("author: IPHR" if mechanism == "NGO" else f"author: {dq(f'NHRI of {state}')}")
    published = _days(date, rng, 10, 40)
    lines += [
        "documents:",
        f"  - symbol: {dq(symbol)}",
        "    kind: concluding-observations",
        f"    date: {published.isoformat()}",
        f"    url: https://docstore.ohchr.org/bench/{symbol.replace('/', '-').lower()}",
        f"    title: {dq(f'Concluding observations, {title}')}",
        f"  - symbol: {dq(f'{symbol}/Add.1')}",
        "    kind: follow-up-reply",
        f"    date: {_days(date, rng, 380, 420).isoformat()}",
    ]
    if mechanism not in ("UPR", "NGO", "NHRI", "SP"):
        lines += [
            "follow_up:",
            f"  due: {_days(date, rng, 365, 365).isoformat()}",
            f"  note: {dq('Three recommendations selected for follow-up within one year.')}",
        ]
    lines.append(f"note: {_text(rng, '  ', 120, 300)}")
    lines.append("recommendations:")
    return "\n".join(lines) + "\n", mechanism, symbol, date


def _evidence(rng: random.Random, before: dt.date, after: dt.date, n: int) -> list[str]:
    lines: list[str] = []
    for _ in range(n):
        span = max(0, (before - after).days)
        date = after + dt.timedelta(days=rng.randint(0, span))
        lines += [
            f"          - url: https://example.org/evidence/{rng.randrange(10**8):08d}",
            f"            date: {date.isoformat()}",
            f"            note: {dq(_sentence_text(rng, 30, 90))}",
        ]
    return lines


def _recommendation(
    rng: random.Random,
    number: int,
    paragraph: int,
    mechanism: str,
    symbol: str,
    review_date: dt.date,
    earlier: int,
) -> str:
    rec_id = f"bench-r{number:06d}"
    if mechanism == "UPR":
        para = f"{90 + paragraph // 200}.{paragraph % 200 + 1}"
    else:
        para = (
            f"{paragraph + 1}" if rng.random() < 0.7 else f"{paragraph + 1}({'abcd'[number % 4]})"
        )
    themes = rng.sample(THEMES, rng.randint(1, 3))
    rights = sorted({right for _, _, theme_rights in themes for right in theme_rights})
    lines = [
        f"  - id: {rec_id}",
        f"    paragraph: {dq(para)}",
        f"    text: {_text(rng, '      ')}",
        "    source:",
        f"      document: {dq(symbol)}",
        f"      paragraph: {dq(para)}",
        f"      url: https://docstore.ohchr.org/bench/{symbol.replace('/', '-').lower()}#p{para}",
        f"    themes: [{', '.join(theme_id for theme_id, _, _ in themes)}]",
        f"    rights: [{', '.join(dq(r) for r in rights)}]",
    ]
    if mechanism == "UPR":
        states = rng.sample(RECOMMENDING_STATES, rng.randint(1, 3))
        lines.append(f"    recommended_by: [{', '.join(states)}]")
    follow_up = mechanism not in ("UPR", "NGO") and rng.random() < 0.1
    if follow_up:
        lines.append("    follow_up: true")
    if earlier and rng.random() < 0.15:
        targets = sorted({rng.randrange(earlier) for _ in range(rng.randint(1, 2))})
        lines.append(f"    reiterates: [{', '.join(f'bench-r{t:06d}' for t in targets)}]")
    # history: a response, then two assessments, dates ascending, before 2026
    responded = _days(review_date, rng, 60, 400)
    first = _days(responded, rng, 30, 700)
    second = _days(first, rng, 30, 900)
    if mechanism == "UPR":
        position = rng.choice(("supported", "supported", "noted", "partially-supported"))
    else:
        position = "reply-received" if rng.random() < 0.8 else "no-reply"
    lines += [
        "    history:",
        f"      - date: {responded.isoformat()}",
        f"        response: {position}",
        f"        document: {dq(symbol + '/Add.1')}",
        f"        url: https://docstore.ohchr.org/bench/{symbol.replace('/', '-').lower()}-add1",
        f"      - date: {first.isoformat()}",
        f"        status: {rng.choice(STATUSES)}",
        f"        by: {rng.choice(JUDGES)}",
        "        evidence:",
        *_evidence(rng, first, responded, 1 if rng.random() < 0.8 else 2),
    ]
    if rng.random() < 0.5:
        lines.append(f"        note: {_text(rng, '          ', 60, 200)}")
    lines.append(f"      - date: {second.isoformat()}")
    if follow_up:
        lines += [
            f"        status: {rng.choice(HRC_GRADES)}",
            "        scale: hrc-follow-up",
            f"        by: {mechanism.lower()}",
        ]
    else:
        lines += [
            f"        status: {rng.choice(STATUSES)}",
            f"        by: {rng.choice(JUDGES)}",
        ]
    lines += ["        evidence:", *_evidence(rng, second, first, 1 if rng.random() < 0.8 else 2)]
    return "\n".join(lines) + "\n"


def generate(
    out_dir: Path,
    recommendations: int = 20_000,
    per_file: int = 2_000,
    seed: int = 0,
    states: int = 1,
) -> Path:
    """Write a registry of ``recommendations`` recommendations into ``out_dir``; return it.

    ``out_dir`` gets ``registry.yaml`` and ``reviews/review-NNNN.yaml`` files of
    ``per_file`` recommendations each (the last one may hold fewer). Existing review
    files of an earlier run are replaced.
    """
    if recommendations < 0 or per_file < 1:
        raise ValueError("recommendations must be >= 0 and per_file >= 1")
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    reviews_dir = out_dir / "reviews"
    reviews_dir.mkdir(parents=True, exist_ok=True)
    for old in reviews_dir.glob("review-*.yaml"):
        old.unlink()
    codes = _states(states) if states > 1 else None
    (out_dir / "registry.yaml").write_text(_manifest(recommendations, codes), encoding="utf-8")
    files = max(1, -(-recommendations // per_file))
    number = 0
    for index in range(files):
        header, mechanism, symbol, date = _review_header(index, files, rng, codes)
        parts = [header]
        first_number = number
        for paragraph in range(min(per_file, recommendations - number)):
            # reiterates names recommendations of earlier reviews only
            parts.append(
                _recommendation(rng, number, paragraph, mechanism, symbol, date, first_number)
            )
            number += 1
        (reviews_dir / f"review-{index + 1:04d}.yaml").write_text("".join(parts), "utf-8")
    return out_dir


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python bench/generate.py OUT_DIR [options]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--recommendations", type=int, default=20_000)
    parser.add_argument("--per-file", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--states", type=int, default=1, help="spread over this many States")
    args = parser.parse_args(argv)
    path = generate(args.out_dir, args.recommendations, args.per_file, args.seed, args.states)
    size = sum(p.stat().st_size for p in path.rglob("*.yaml"))
    print(f"wrote {path} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
