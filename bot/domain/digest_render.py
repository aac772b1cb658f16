"""Lays a digest out: plain text for a terminal, an HTML page, and Telegram messages.

Every string from the view is data (the patient's words above all): it is escaped where markup
is made, and stripped of control characters so a message cannot drive a terminal.
"""

from __future__ import annotations

import base64
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from html import escape

from bot.domain.digest import (
    SAFETY,
    Digest,
    HypothesisView,
    Line,
    SignalView,
    Translate,
    View,
    view,
)
from bot.domain.telegram_text import escape_clip, units

Say = Callable[..., str]

TELEGRAM_LIMIT = 4096  # Bot API sendMessage; we count the raw HTML, which is never shorter
CONTINUED_ROOM = 200  # kept free for the "<alias>, continued (2/3)" line of later messages
TELEGRAM_EVIDENCE = 4  # answers shown per signal in Telegram; the HTML page shows them all
CLIP_LINE, CLIP_ANSWER, CLIP_WORDS = 1000, 600, 3000  # UTF-16 units of escaped text, per piece
FOLD_WORDS = 400  # a note longer than this is folded (an expandable blockquote)
MARKERS = {"high": "🔴", "moderate": "🟠", "low": "🟡"}
WIDTH = 92
# C0 and C1 controls except tab and newline: an ESC in a patient's note must not reach a tty.
CONTROLS = dict.fromkeys([*range(0, 9), *range(11, 32), *range(127, 160)])


def _clean(text: str) -> str:
    return text.translate(CONTROLS)


def _labels(t: Translate, lang: str) -> Say:
    return partial(t, lang)


# --- plain text ------------------------------------------------------------------------------


def to_text(d: Digest, t: Translate) -> str:
    """The digest as plain text for a terminal."""
    v = view(d, t)
    return _clean("\n".join(_text(v, _labels(t, v.lang)))) + "\n"


def _text(v: View, say: Say) -> Iterator[str]:
    yield from _heading(v.title, "=")
    yield from (v.period, v.appointment, v.generated, "")
    if v.tasks:
        yield from _heading(f"!! {say('digest-tasks-heading')}", "-")
        yield from (_wrap(f"- {line}", "", "  ") for line in v.tasks)
        yield ""
    yield from _heading(say("digest-safety-heading"), "-")
    if v.safety is None:
        yield say("digest-safety-none")
    else:
        yield from _text_signal(v.safety, say)
    yield ""
    yield from _heading(say("digest-agenda-heading"), "-")
    yield from (_text_words(v.agenda) if v.agenda else [say("digest-agenda-none")])
    yield ""
    yield from _heading(say("digest-regimen-heading"), "-")
    yield from (_wrap(f"- {line}", "", "  ") for line in v.regimen)
    if v.regimen_changes:
        yield say("digest-regimen-changes")
        yield from (_wrap(f"- {line}", "  ", "    ") for line in v.regimen_changes)
    yield ""
    if v.other_medicines:
        yield from _heading(say("digest-other-medicines-heading"), "-")
        m = v.other_medicines
        yield from (_wrap(f"- {m.when}: {m.shown}", "", "    "), "")
    yield from _heading(say("digest-hypotheses-heading"), "-")
    if not v.hypotheses:
        yield from (say("digest-hypotheses-none"), "")
    for h in v.hypotheses:
        yield from _text_hypothesis(h, say)
    if v.also_noted:
        yield from _heading(say("digest-also-heading"), "-")
        yield from (_wrap(f"- {line}", "", "  ") for line in v.also_noted)
        yield ""
    if v.mood:
        yield from (_wrap(v.mood, ""), "")
    yield from _heading(say("digest-response-heading"), "-")
    yield from v.response
    if v.unreachable:
        yield f"!! {v.unreachable}"
    yield ""
    yield from _heading(say("digest-words-heading"), "-")
    yield from (_text_words(v.words) if v.words else [say("digest-words-none")])
    evidence = [s for s in v.signals if s.code != SAFETY]
    if evidence:
        yield ""
        yield from _heading(say("digest-evidence-full-heading"), "-")
    for s in evidence:
        yield from _text_signal(s, say)
    yield from ("", "—" * 3, _wrap(v.closing, ""))


def _heading(text: str, rule: str) -> list[str]:
    return [text, rule * len(text)]


def _text_hypothesis(h: HypothesisView, say: Say) -> Iterator[str]:
    yield _wrap(f"■ {h.title} · {h.meta}", "", "  ")
    if h.findings:
        yield _wrap(say("digest-findings", signals=" · ".join(h.findings)), "  ")
    yield from (_wrap(f"- {point}", "  ", "    ") for point in h.points)
    yield _wrap(f"{h.asking}: {h.question}", "  ")
    yield ""


def _text_signal(s: SignalView, say: Say) -> Iterator[str]:
    yield f"■ {s.title}"
    yield from (_wrap(s.meta, "  "), _wrap(s.summary, "  "))
    if s.evidence:
        yield f"  {say('digest-evidence-heading')}:"
    for line in s.evidence:
        yield _wrap(f"- {line.when} · {line.label}: {line.shown}", "    ", "      ")
    yield _wrap(f"{say('digest-suggestion-label')}: {s.suggestion}", "  ")
    yield ""


def _text_words(lines: Sequence[Line]) -> Iterator[str]:
    for line in lines:
        yield f"- {line.when} · {line.label}"
        yield _wrap(line.shown, "    ")


def _wrap(text: str, indent: str, hanging: str | None = None) -> str:
    """Wrapped for a terminal, paragraph by paragraph (patient text keeps its line breaks)."""
    rest = indent if hanging is None else hanging
    paragraphs = text.splitlines() or [""]
    return "\n".join(
        textwrap.fill(p, WIDTH, initial_indent=indent if i == 0 else rest, subsequent_indent=rest)
        for i, p in enumerate(paragraphs)
    )


# --- a self-contained HTML page --------------------------------------------------------------


def to_html(d: Digest, t: Translate, chart_png: bytes | None = None) -> str:
    """A complete, self-contained HTML page (the chart inlined as a data: URI when given)."""
    v = view(d, t)
    src = "data:image/png;base64," + base64.b64encode(chart_png).decode() if chart_png else None
    return _page(v.lang, v.title, _html_body(v, _labels(t, v.lang), src, _nothing))


def to_fragment(
    d: Digest,
    t: Translate,
    chart_src: str | None = None,
    after: Callable[[str], str] | None = None,
) -> str:
    """The digest as HTML to place inside another page (the web view): no <style>, no
    document around it; its classes are styled by that page's own stylesheet. `chart_src`: the
    chart's URL, if it is to be shown; `after(key)`: markup (already escaped by the caller) to
    put at the end of each hypothesis shown in full, such as the clinician's verdict form."""
    v = view(d, t)
    body = _html_body(v, _labels(t, v.lang), chart_src, after or _nothing)
    return f'<div class="digest" lang="{_e(v.lang)}">\n{body}\n</div>'


def _nothing(_key: str) -> str:
    return ""


def _html_body(v: View, say: Say, chart_src: str | None, after: Callable[[str], str]) -> str:
    parts = [_html_header(v), _html_tasks(v, say), _html_safety(v, say), _html_agenda(v, say)]
    parts += [_html_regimen(v, say), _html_other_medicines(v, say)]
    parts += [_html_hypotheses(v, say, after), _html_also(v, say), _html_response(v, say)]
    parts += [_html_chart(chart_src, say), _html_words(v, say), _html_signals(v, say)]
    parts.append(f"<footer><p>{_e(v.closing)}</p></footer>")
    return "\n".join(p for p in parts if p)


def _e(text: str) -> str:
    """Escaped for HTML text and attributes."""
    return escape(_clean(text), quote=True)


def _html_header(v: View) -> str:
    lines = [f"<h1>{_e(v.title)}</h1>", f"<p class=lead>{_e(v.appointment)}</p>"]
    lines.append(f"<p class=meta>{_e(v.period)}<br>{_e(v.generated)}</p>")
    return "<header>" + "".join(lines) + "</header>"


def _html_tasks(v: View, say: Say) -> str:
    if not v.tasks:
        return ""
    heading = f"<h2>{_e(say('digest-tasks-heading'))}</h2>"
    items = "".join(f"<li>{_e(line)}</li>" for line in v.tasks)
    return f"<section class=alert role=alert>{heading}<ul>{items}</ul></section>"


def _html_safety(v: View, say: Say) -> str:
    if v.safety is None:
        return _section(say("digest-safety-heading"), f"<p>{_e(say('digest-safety-none'))}</p>")
    return _section(say("digest-safety-heading"), _html_signal(v.safety, say))


def _html_agenda(v: View, say: Say) -> str:
    body = _html_quotes(v.agenda) or f"<p>{_e(say('digest-agenda-none'))}</p>"
    return _section(say("digest-agenda-heading"), body)


def _html_quotes(lines: Sequence[Line]) -> str:
    return "".join(
        f"<figure class=words><figcaption>{_e(w.when)} · {_e(w.label)}</figcaption>"
        f"<blockquote>{_e(w.shown)}</blockquote></figure>"
        for w in lines
    )


def _html_other_medicines(v: View, say: Say) -> str:
    if v.other_medicines is None:
        return ""
    m = v.other_medicines
    body = f"<p><span class=when>{_e(m.when)}</span>: <i>{_e(m.shown)}</i></p>"
    return _section(say("digest-other-medicines-heading"), body)


def _html_hypotheses(v: View, say: Say, after: Callable[[str], str]) -> str:
    body = "\n".join(_html_hypothesis(h, say, after(h.key)) for h in v.hypotheses)
    return _section(
        say("digest-hypotheses-heading"), body or f"<p>{_e(say('digest-hypotheses-none'))}</p>"
    )


def _html_hypothesis(h: HypothesisView, say: Say, after: str = "") -> str:
    findings = say("digest-findings", signals=" · ".join(h.findings)) if h.findings else ""
    points = "".join(f"<li>{_e(p)}</li>" for p in h.points)
    return (
        f'<article class="signal {_e(h.severity)}" id="h-{_e(h.key)}">'
        f"<h3>{_e(h.title)}</h3><p class=meta>{_e(h.meta)}</p>"
        + (f"<p class=meta>{_e(findings)}</p>" if findings else "")
        + (f"<ul>{points}</ul>" if points else "")
        + f"<p class=explore><strong>{_e(h.asking)}:</strong> "
        f"{_e(h.question)}</p>{after}</article>"
    )


def _html_also(v: View, say: Say) -> str:
    if not v.also_noted and not v.mood:
        return ""
    items = "".join(f"<li>{_e(line)}</li>" for line in v.also_noted)
    mood = f"<p>{_e(v.mood)}</p>" if v.mood else ""
    also = f"<h4>{_e(say('digest-also-heading'))}</h4><ul>{items}</ul>" if items else ""
    return f"<section>{also}{mood}</section>"


def _html_response(v: View, say: Say) -> str:
    items = "".join(f"<li>{_e(line)}</li>" for line in v.response)
    alert = f"<p class=alert role=alert>⚠ {_e(v.unreachable)}</p>" if v.unreachable else ""
    return _section(say("digest-response-heading"), f"<ul>{items}</ul>{alert}")


def _html_regimen(v: View, say: Say) -> str:
    items = "".join(f"<li>{_e(line)}</li>" for line in v.regimen)
    body = f"<ul>{items}</ul>"
    if v.regimen_changes:
        changes = "".join(f"<li>{_e(line)}</li>" for line in v.regimen_changes)
        body += f"<h4>{_e(say('digest-regimen-changes'))}</h4><ul>{changes}</ul>"
    return _section(say("digest-regimen-heading"), body)


def _section(heading: str, body: str) -> str:
    return f"<section><h2>{_e(heading)}</h2>{body}</section>"


def _html_signals(v: View, say: Say) -> str:
    """The full evidence: every signal with every answer behind it (safety is shown first)."""
    body = "\n".join(_html_signal(s, say) for s in v.signals if s.code != SAFETY)
    return _section(say("digest-evidence-full-heading"), body) if body else ""


def _html_signal(s: SignalView, say: Say) -> str:
    evidence = "".join(_html_evidence(line) for line in s.evidence)
    if evidence:
        heading = f"<h4>{_e(say('digest-evidence-heading'))}</h4>"
        evidence = f"{heading}<ul class=evidence>{evidence}</ul>"
    return (
        f'<article class="signal {_e(s.severity)}" id="{_e(s.code)}">'
        f"<h3>{_e(s.title)}</h3><p class=meta>{_e(s.meta)}</p><p>{_e(s.summary)}</p>{evidence}"
        f"<p class=explore><strong>{_e(say('digest-suggestion-label'))}:</strong> "
        f"{_e(s.suggestion)}</p></article>"
    )


def _html_evidence(line: Line) -> str:
    answer = f"<i>{_e(line.shown)}</i>" if line.quoted else f"<b>{_e(line.shown)}</b>"
    return f"<li><span class=when>{_e(line.when)}</span> {_e(line.label)}: {answer}</li>"


def _html_chart(src: str | None, say: Say) -> str:
    if not src:
        return ""
    img = f'<img src="{_e(src)}" alt="{_e(say("digest-chart-alt"))}">'
    return _section(say("digest-chart-heading"), f"<figure>{img}</figure>")


def _html_words(v: View, say: Say) -> str:
    quotes = _html_quotes(v.words) or f"<p>{_e(say('digest-words-none'))}</p>"
    return _section(say("digest-words-heading"), quotes)


def _page(lang: str, title: str, body: str) -> str:
    # The CSP is defence in depth: even escaped text could never run a script or fetch a URL.
    csp = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f'<meta name="robots" content="noindex">\n<title>{_e(title)}</title>\n'
        f"<style>{CSS}</style>\n</head>\n<body><main>\n{body}\n</main></body>\n</html>\n"
    )


CSS = """
:root{color-scheme:light dark;--fg:#1c2330;--muted:#596273;--bg:#fff;--card:#f4f6f8;
--line:#d9dee5;--high:#b3261e;--moderate:#9a5b00;--low:#35608f}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ee;--muted:#a7b0bd;--bg:#121519;
--card:#1d2229;--line:#323a45;--high:#ff8a80;--moderate:#ffb74d;--low:#90c2f9}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);
font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
main{max-width:46rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.55rem;line-height:1.25;margin:.75rem 0 .25rem}
h2{font-size:1.2rem;margin:2rem 0 .6rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1.08rem;margin:0 0 .1rem}
h4{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);
margin:.7rem 0 .2rem}
ul{padding-left:1.2rem;margin:.3rem 0}
li{margin:.25rem 0;overflow-wrap:anywhere}
.lead{font-weight:600;margin:.2rem 0}
.meta,.when,figcaption{color:var(--muted);font-size:.9rem}
.when{white-space:nowrap}
.alert{border:2px solid var(--high);border-radius:.5rem;padding:.6rem .8rem;font-weight:600}
.signal{background:var(--card);border-left:.4rem solid var(--low);border-radius:.5rem;
padding:.8rem 1rem;margin:.9rem 0}
.signal.high{border-left-color:var(--high)}
.signal.moderate{border-left-color:var(--moderate);border-left-style:dashed}
.signal.low{border-left-style:dotted}
.signal.high .meta{color:var(--high);font-weight:600}
.explore{margin:.7rem 0 0}
.resolved{color:var(--muted)}
figure{margin:.8rem 0}
img{max-width:100%;height:auto;border:1px solid var(--line);border-radius:.5rem}
blockquote{margin:.2rem 0 0;padding:.5rem .8rem;border-left:.25rem solid var(--line);
background:var(--card);white-space:pre-wrap;overflow-wrap:anywhere}
footer{margin-top:2.5rem;padding-top:1rem;border-top:1px solid var(--line);font-style:italic}
@media print{body{font-size:12pt}.signal{break-inside:avoid}}
"""


# --- Telegram --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Telegram:
    """The digest as Telegram messages. The first is the visit plan, always whole; `clipped`
    when it had to shorten something, which the attached page then holds in full."""

    parts: list[str]
    clipped: bool


def to_telegram(d: Digest, t: Translate) -> list[str]:
    """Telegram HTML messages, each within 4,096 characters; see `telegram`."""
    return telegram(d, t).parts


def telegram(d: Digest, t: Translate) -> Telegram:
    """The first message is the visit plan: safety, the patient's agenda, the regimen and its
    changes, other medicines and the hypotheses, always within one message (long quotes are
    clipped, saying so; the structure is kept). The rest follows, split between sections.

    When there are more than two messages, or the first was clipped, the caller should send
    the first and attach the full `to_html` page instead of flooding the chat (issue 5).
    """
    v = view(d, t)
    say = _labels(t, v.lang)
    first, clipped = _tg_first(v, say)
    rest = _pack(list(_tg_rest(v, say)), TELEGRAM_LIMIT - CONTINUED_ROOM)
    whole = "\n\n".join([first, *rest])
    parts = [whole] if len(rest) == 1 and units(whole) <= TELEGRAM_LIMIT else [first, *rest]
    return Telegram(
        [_continued(v, say, i, len(parts), p) for i, p in enumerate(parts, start=1)], clipped
    )


def _continued(v: View, say: Say, part: int, total: int, message: str) -> str:
    """Later messages say whose digest they continue: chats hold many patients' digests."""
    if part == 1:
        return message
    head = say("digest-continued", patient=v.patient[:64], part=part, total=total)
    return f"<i>{_tg(head, CONTINUED_ROOM - 10)}</i>\n\n{message}"


def _tg(text: str, limit: int = CLIP_LINE) -> str:
    """Escaped for Telegram HTML and clipped to `limit` units, so one piece always fits."""
    return escape_clip(_clean(text), limit)


@dataclass
class _Fit:
    """How tightly the first message is laid out, and whether anything was clipped."""

    quote: int  # units of one quote (the patient's words)
    line: int  # units of any other line
    points: int  # compact evidence lines per hypothesis
    meds: int  # medications listed
    marker: str  # "(full text in the attached page)"
    clipped: bool = False

    def said(self, line: Line) -> str:
        """A quote as shown (quotation marks, its language), clipped inside the marks."""
        shown = _clean(line.shown)
        if units(escape(shown, quote=False)) <= self.quote:
            return escape(shown, quote=False)
        self.clipped = True
        before, _, after = shown.partition(_clean(line.text)) if line.text else ("", "", "")
        words = _clean(line.text) if line.text else shown
        clipped = escape_clip(words, self.quote)
        return f"{_tg(before, 40)}{clipped} {_tg(self.marker)}{_tg(after, 40)}"

    def text(self, text: str) -> str:
        if units(escape(_clean(text), quote=False)) > self.line:
            self.clipped = True
        return _tg(text, self.line)


# From roomy to tight, the first message takes the first that fits: units of a quote and of a
# line, evidence points per hypothesis, medications listed (the period's changes always are).
FITS = (
    (CLIP_WORDS, CLIP_LINE, 6, 30),
    (CLIP_ANSWER, CLIP_LINE, 6, 20),
    (300, 400, 4, 12),
    (160, 240, 3, 8),
    (80, 160, 2, 5),
)
# When even the tightest layout is too long, room goes first to the header and open tasks,
# then safety, the hypotheses, the agenda, the regimen's changes, other medicines, and last
# the list of medications taken.
HEAD, TASKS, RISK, IDEAS, AGENDA, CHANGES, OTHER, TAKEN = range(8)
Block = tuple[int, list[str]]


def _tg_first(v: View, say: Say) -> tuple[str, bool]:
    """The visit plan in one message: the roomiest layout that fits, else the tightest one
    squeezed block by block (every heading and title kept)."""
    for quote, line, points, meds in FITS:
        fit = _Fit(quote, line, points, meds, say("digest-clipped"))
        blocks = list(_tg_plan(v, say, fit))
        text = "\n\n".join("\n".join(b) for _, b in blocks)
        if units(text) <= TELEGRAM_LIMIT:
            return text, fit.clipped
    more = f"<i>… {_tg(say('digest-clipped'), 200)}</i>"
    return _squeeze(blocks, TELEGRAM_LIMIT, more), True


def _squeeze(blocks: list[Block], limit: int, more: str) -> str:
    """Blocks within `limit`, in their order: each keeps its first line (a heading, a title),
    and room for the other lines is given by priority, leaving enough for the first lines of
    the blocks still to come."""
    kept: dict[int, list[str]] = {}
    used = 0
    for i, (_, block) in sorted(enumerate(blocks), key=lambda ib: ib[1][0]):
        later = sum(
            units(b[0]) + units(more) + 3
            for j, (_, b) in enumerate(blocks)
            if j not in kept and j != i
        )
        room = limit - used - later - 2
        lines = [block[0]]
        for line in block[1:]:
            if units("\n".join([*lines, line])) + units(more) + 1 > room:
                lines.append(more)
                break
            lines.append(line)
        kept[i] = lines
        used += units("\n".join(lines)) + 2
    return "\n\n".join("\n".join(kept[i]) for i in range(len(blocks)))


def _tg_plan(v: View, say: Say, fit: _Fit) -> Iterator[Block]:
    """The first message's blocks and their priority: header, tasks, safety, agenda, regimen
    and its changes, other medicines, hypotheses."""
    yield HEAD, [f"<b>{fit.text(v.title)}</b>", fit.text(v.appointment), fit.text(v.period)]
    if v.tasks:
        heading = f"❗ <b>{_tg(say('digest-tasks-heading'))}</b>"
        yield TASKS, [heading, *(f"• {fit.text(t)}" for t in v.tasks)]
    safety = [f"<b>{_tg(say('digest-safety-heading'))}</b>"]
    if v.safety is None:
        safety.append(_tg(say("digest-safety-none")))
    else:  # every risk statement is shown: a safety quote is never left to the attached page
        s = v.safety
        safety += [f"{MARKERS['high']} <b>{fit.text(s.title)}</b>", fit.text(s.summary)]
        safety += [_tg_evidence(e, fit) for e in s.evidence]
        safety.append(f"<b>{_tg(say('digest-suggestion-label'))}:</b> {fit.text(s.suggestion)}")
    yield RISK, safety
    agenda = [f"<b>{_tg(say('digest-agenda-heading'))}</b>"]
    agenda += [f"• <i>{_tg(w.label, 200)}</i>: {fit.said(w)}" for w in v.agenda]
    yield AGENDA, agenda if v.agenda else [*agenda, _tg(say("digest-agenda-none"))]
    taken = [f"• {fit.text(r)}" for r in v.regimen]
    if len(taken) > fit.meds:
        fit.clipped = True
        more = say("digest-evidence-more", count=len(taken) - fit.meds + 1)
        taken = [*taken[: fit.meds - 1], f"   <i>{_tg(more)}</i>"]
    yield TAKEN, [f"<b>{_tg(say('digest-regimen-heading'))}</b>", *taken]
    if v.regimen_changes:
        changes = [f"<i>{_tg(say('digest-regimen-changes'))}</i>"]
        yield CHANGES, changes + [f"   • {fit.text(line)}" for line in v.regimen_changes]
    if v.other_medicines:
        m = v.other_medicines
        heading = f"<b>{_tg(say('digest-other-medicines-heading'))}</b>"
        yield OTHER, [heading, f"• {_tg(m.when, 200)}: {fit.said(m)}"]
    heading = f"<b>{_tg(say('digest-hypotheses-heading'))}</b>"
    if not v.hypotheses:
        yield IDEAS, [heading, _tg(say("digest-hypotheses-none"))]
    for i, h in enumerate(v.hypotheses):
        yield IDEAS, ([heading] if i == 0 else []) + _tg_hypothesis(h, say, fit)


def _tg_hypothesis(h: HypothesisView, say: Say, fit: _Fit) -> list[str]:
    marker = MARKERS.get(h.severity, "•")
    lines = [f"{marker} <b>{fit.text(h.title)}</b> · <i>{_tg(h.meta, 200)}</i>"]
    if h.findings:
        lines.append(f"<i>{fit.text(say('digest-findings', signals=' · '.join(h.findings)))}</i>")
    lines += [f"   • {fit.text(p)}" for p in h.points[: fit.points]]
    if len(h.points) > fit.points:
        fit.clipped = True
        more = len(h.points) - fit.points
        lines.append(f"   <i>{_tg(say('digest-evidence-more', count=more))}</i>")
    return [*lines, f"<b>{_tg(h.asking, 200)}:</b> {fit.text(h.question)}"]


def _tg_evidence(line: Line, fit: _Fit) -> str:
    answer = fit.said(line) if line.quoted else fit.text(line.shown)
    answer = f"<i>{answer}</i>" if line.quoted else f"<b>{answer}</b>"
    return f"   • {_tg(line.when)} · {_tg(line.label, 200)}: {answer}"


def _tg_rest(v: View, say: Say) -> Iterator[list[str]]:
    """What follows the visit plan: also noted, the daily mood, the check-ins, the patient's
    other words, the closing line. The full evidence is in the attached page only."""
    if v.also_noted:
        yield [f"<b>{_tg(say('digest-also-heading'))}</b>", *(f"• {_tg(a)}" for a in v.also_noted)]
    if v.mood:
        yield [_tg(v.mood)]
    response = [f"<b>{_tg(say('digest-response-heading'))}</b>", *map(_tg, v.response)]
    yield response + ([f"⚠️ <b>{_tg(v.unreachable)}</b>"] if v.unreachable else [])
    yield from _tg_words(v, say)
    yield [f"<i>{_tg(v.generated)}</i>", f"<i>{_tg(v.closing)}</i>"]


def _tg_words(v: View, say: Say) -> Iterator[list[str]]:
    heading = f"<b>{_tg(say('digest-words-heading'))}</b>"
    if not v.words:
        yield [heading, _tg(say("digest-words-none"))]
    for i, w in enumerate(v.words):
        dated = f"<i>{_tg(w.when, 200)} · {_tg(w.label, 200)}</i>"
        # A long note opens on a tap, so it does not push the rest of the digest off screen.
        tag = "blockquote expandable" if units(w.shown) > FOLD_WORDS else "blockquote"
        said = f"<{tag}>{_tg(w.shown, CLIP_WORDS)}</blockquote>"
        yield ([heading] if i == 0 else []) + [dated, said]


def _pack(blocks: list[list[str]], limit: int) -> list[str]:
    """Blocks into messages of at most `limit` units: whole blocks when they fit, else lines."""
    messages = [""]
    for block in blocks:
        text = "\n".join(block)
        if units(text) > limit:  # longer than a message: split it between its lines
            for line in block:
                _put(messages, line, "\n", limit)
        else:
            _put(messages, text, "\n\n", limit)
    return [m for m in messages if m]


def _put(messages: list[str], text: str, separator: str, limit: int) -> None:
    """Append to the last message when it fits, else start a new one (every piece fits alone)."""
    joined = f"{messages[-1]}{separator}{text}" if messages[-1] else text
    if units(joined) <= limit:
        messages[-1] = joined
    else:
        messages.append(text)
