"""Safety phrase matching against labelled, realistic messages: recall and false alarms.

    .venv/bin/python -m bench.bench_safety [--set eval|holdout] [--lang en] [--misses] [--json]

Reads tests/data/safety_<set>_<lang>.tsv (one message a line, labelled with the reply it
should get, its kind, category, family and form; see the file headers) and runs every message
through `scan` over all languages and `most_urgent`, as the bot does. The reply a match gets
is the tier the reply layer gives it:

    crisis   most urgent match is of crisis urgency and literal
    medical  most urgent match is of medical urgency and literal
    ask      most urgent match is idiomatic or negated ("Are you safe right now?")
    none     no match: no alert

Figures, per language and per family:

- recall: risk messages (explicit, indirect) that raise an alert at all; "reply" is how many
  of them also get the reply they should (crisis or medical, not only a question); "category"
  and "family" how many carry the expected category / family among their matches;
- idioms and negations: how many get the reply labelled ("ask" when the message contains a
  risk phrase, "none" when it does not), how many get a crisis reply;
- false alarms: ordinary messages and benign look-alikes that raise any alert, and messages
  that are not risk statements (those plus idioms) that get the full crisis reply.

Targets (issue 10, part 6): recall >= 98 % explicit and >= 90 % indirect per language; false
alarms that give a crisis reply <= 5 %. Matching is pure, so the figures are deterministic.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot import LOCALES_DIR
from bot.domain.safety import Match, Phrasebook, load_phrases, most_urgent, scan

LANGUAGES = ("en", "es", "ru")
DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
# The evaluation set, then the hold-outs in the order they were written (each run once, then tuned
# on: bench/RESULTS.md).
SETS = ("eval", "holdout", *(f"holdout{n}" for n in range(2, 11)))
REPLIES = ("crisis", "medical", "ask", "none")
RISK_KINDS = ("explicit", "indirect")
QUIET_KINDS = ("idiom", "benign", "ordinary")  # not risk statements
KINDS = RISK_KINDS + QUIET_KINDS
COLUMNS = ("reply", "kind", "category", "family", "form", "text")
TARGETS = {"explicit": 0.98, "indirect": 0.90}
# The indirect families clinical-model.md names ("Crisis replies, by tier"), by category.
INDIRECT_FAMILIES = {
    "suicidal": (
        "burden",
        "meaninglessness",
        "goodbyes",
        "no_way_out",
        "rather_dead",
        "wont_be_around",
    ),
    "overdose": ("stockpiling", "lethality", "hedged_count"),
}
CRISIS_FALSE_ALARMS = 0.05


class DataError(ValueError):
    """A labelled line is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Case:
    """One labelled message."""

    lang: str
    line: int
    reply: str
    kind: str
    category: str  # "-" when any category will do (idioms) or none is expected
    family: str
    form: str  # plain, typo, translit (Russian in Latin letters), homoglyph (mixed scripts)
    text: str


@dataclass(frozen=True)
class Outcome:
    """What the detector made of one message."""

    case: Case
    reply: str
    categories: frozenset[str]
    families: frozenset[str]
    phrase: str | None  # the most urgent match's phrase

    @property
    def alerted(self) -> bool:
        return self.reply != "none"

    @property
    def right_category(self) -> bool:
        return self.case.category == "-" or self.case.category in self.categories

    @property
    def right_family(self) -> bool:
        return self.case.family == "-" or self.case.family in self.families


@dataclass
class Rate:
    """k of n."""

    k: int = 0
    n: int = 0

    def add(self, hit: bool) -> None:
        self.k += hit
        self.n += 1

    @property
    def value(self) -> float:
        return self.k / self.n if self.n else 0.0

    def __str__(self) -> str:
        return f"{self.k:3d}/{self.n:<3d} {100 * self.value:5.1f} %" if self.n else "    -"


@dataclass
class Figures:
    """One language's (or one family's) figures."""

    recall: dict[str, Rate] = field(default_factory=dict)  # by risk kind
    reply: dict[str, Rate] = field(default_factory=dict)
    category: dict[str, Rate] = field(default_factory=dict)
    family: dict[str, Rate] = field(default_factory=dict)
    idioms_right: Rate = field(default_factory=Rate)  # asked, or left alone, as labelled
    idioms_crisis: Rate = field(default_factory=Rate)
    false_alarms: Rate = field(default_factory=Rate)  # benign + ordinary: any alert
    crisis_false_alarms: Rate = field(default_factory=Rate)  # idiom + benign + ordinary

    def count(self, o: Outcome) -> None:
        kind = o.case.kind
        if kind in RISK_KINDS:
            self.recall.setdefault(kind, Rate()).add(o.alerted)
            self.reply.setdefault(kind, Rate()).add(o.reply == o.case.reply)
            self.category.setdefault(kind, Rate()).add(o.alerted and o.right_category)
            self.family.setdefault(kind, Rate()).add(o.alerted and o.right_family)
            return
        if kind == "idiom":
            self.idioms_right.add(o.reply == o.case.reply)
            self.idioms_crisis.add(o.reply == "crisis")
        else:
            self.false_alarms.add(o.alerted)
        self.crisis_false_alarms.add(o.reply == "crisis")


@dataclass
class Report:
    """Figures by language and by family, and every outcome that was not as labelled."""

    set_name: str
    languages: dict[str, Figures]
    families: dict[tuple[str, str], Figures]  # (family, language)
    forms: dict[tuple[str, str], Figures]  # (form, language), risk messages only
    misses: list[Outcome]

    def failures(self) -> list[str]:
        """Every target not met, as one line each; [] when all are met."""
        failed = []
        for lang, figures in self.languages.items():
            for kind, target in TARGETS.items():
                rate = figures.recall.get(kind)
                if rate is not None and rate.value < target:
                    failed.append(f"{lang} {kind} recall {rate} < {100 * target:.0f} %")
            rate, limit = figures.crisis_false_alarms, CRISIS_FALSE_ALARMS
            if rate.n and rate.value > limit:
                failed.append(f"{lang} crisis false alarms {rate} > {100 * limit:.0f} %")
        return failed


def path(set_name: str, lang: str) -> Path:
    """The labelled file of one set and language."""
    return DATA / f"safety_{set_name}_{lang}.tsv"


def load_cases(set_name: str, lang: str) -> list[Case]:
    """The labelled messages of one file; `#` lines and the header are skipped."""
    file = path(set_name, lang)
    cases = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("reply\t"):
            continue
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            raise DataError(f"{file}:{number}: {len(cells)} columns, expected {len(COLUMNS)}")
        case = Case(lang, number, *cells)
        if case.reply not in REPLIES or case.kind not in KINDS or not case.text.strip():
            raise DataError(f"{file}:{number}: bad reply {case.reply!r} or kind {case.kind!r}")
        allowed = {"idiom": ("ask", "none"), "benign": ("none",), "ordinary": ("none",)}
        if case.reply not in allowed.get(case.kind, ("crisis", "medical")):
            raise DataError(f"{file}:{number}: a {case.kind} line cannot expect {case.reply!r}")
        cases.append(case)
    return cases


def reply_of(match: Match | None) -> str:
    """The reply tier a match gets (see the module docstring)."""
    if match is None:
        return "none"
    return "ask" if match.idiomatic else match.urgency


def judge(case: Case, book: Phrasebook) -> Outcome:
    """Run one message through the detector as the bot does (every language searched)."""
    matches = scan(case.text, book)
    urgent = most_urgent(matches)
    return Outcome(
        case,
        reply_of(urgent),
        frozenset(m.category for m in matches),
        frozenset(m.family for m in matches),
        urgent.phrase if urgent else None,
    )


def _wrong(o: Outcome) -> bool:
    if o.case.kind in RISK_KINDS:
        return o.reply != o.case.reply or not o.right_category or not o.right_family
    return o.reply != o.case.reply


def evaluate(book: Phrasebook, set_name: str, languages: Iterable[str]) -> Report:
    """Every labelled message of the set, judged and counted."""
    report = Report(set_name, {}, {}, {}, [])
    for lang in languages:
        figures = report.languages.setdefault(lang, Figures())
        for case in load_cases(set_name, lang):
            outcome = judge(case, book)
            figures.count(outcome)
            if case.kind in RISK_KINDS:
                report.families.setdefault((case.family, lang), Figures()).count(outcome)
                report.forms.setdefault((case.form, lang), Figures()).count(outcome)
            if _wrong(outcome):
                report.misses.append(outcome)
    return report


def render(report: Report, misses: bool = False) -> str:
    """The report as aligned lines."""
    lines = [f"safety phrases, set {report.set_name!r}: recall and false alarms", ""]
    head = f"{'':10} {'explicit recall':>16} {'indirect recall':>16} {'idioms right':>16}"
    head += f" {'idiom crisis':>16} {'false alarms':>16} {'crisis f.a.':>16}"
    lines.append(head)
    for lang, f in report.languages.items():
        cells = [
            f.recall.get("explicit", Rate()),
            f.recall.get("indirect", Rate()),
            f.idioms_right,
            f.idioms_crisis,
            f.false_alarms,
            f.crisis_false_alarms,
        ]
        lines.append(f"{lang:10} " + " ".join(f"{str(c):>16}" for c in cells))
    lines += ["", "risk messages that also get the expected reply / category / family:"]
    for lang, f in report.languages.items():
        for kind in RISK_KINDS:
            if kind in f.recall:
                lines.append(
                    f"  {lang} {kind:9} reply {f.reply[kind]}  category {f.category[kind]}"
                    f"  family {f.family[kind]}"
                )
    lines += _table("family", report.families, report.languages)
    lines += _table("form", report.forms, report.languages)
    failed = report.failures()
    lines += ["", "targets: " + ("met" if not failed else "NOT met: " + "; ".join(failed))]
    if misses and report.misses:
        lines += ["", "not as labelled (expected -> got, most urgent phrase):"]
        lines += [_miss(o) for o in report.misses]
    return "\n".join(lines)


def _table(
    title: str, rows: dict[tuple[str, str], Figures], languages: Iterable[str]
) -> list[str]:
    """Recall of risk messages by family or form (rows) and language (columns)."""
    langs = list(languages)
    lines = ["", f"{title:18} " + " ".join(f"{lang + ' recall':>16}" for lang in langs)]
    for name in sorted({name for name, _ in rows}):
        cells = []
        for lang in langs:
            both = Rate()
            figures = rows.get((name, lang))
            for rate in figures.recall.values() if figures else ():
                both.k, both.n = both.k + rate.k, both.n + rate.n
            cells.append(f"{str(both):>16}")
        lines.append(f"{name:18} " + " ".join(cells))
    return lines


def _miss(o: Outcome) -> str:
    c = o.case
    want = f"{c.reply} {c.category}/{c.family}" if c.kind in RISK_KINDS else c.reply
    categories = ",".join(sorted(o.categories)) or "-"
    got = f"{o.reply} {categories}/{','.join(sorted(o.families)) or '-'}"
    return f"  {c.lang}:{c.line} [{c.kind}] {c.text!r}: {want} -> {got} ({o.phrase})"


def as_json(report: Report) -> str:
    """The figures as JSON (rates as [k, n])."""

    def rates(f: Figures) -> dict[str, object]:
        plain = asdict(f)
        return json.loads(json.dumps(plain, default=str))

    return json.dumps(
        {
            "set": report.set_name,
            "languages": {lang: rates(f) for lang, f in report.languages.items()},
            "families": {f"{fam}/{lang}": rates(f) for (fam, lang), f in report.families.items()},
            "failures": report.failures(),
        },
        indent=2,
        ensure_ascii=False,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_safety", description=__doc__)
    parser.add_argument("--set", choices=SETS, default="eval", dest="set_name")
    parser.add_argument("--lang", choices=LANGUAGES, action="append")
    parser.add_argument("--misses", action="store_true", help="list every line not as labelled")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    book = load_phrases(LOCALES_DIR, LANGUAGES)
    report = evaluate(book, args.set_name, args.lang or LANGUAGES)
    print(as_json(report) if args.json else render(report, args.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
