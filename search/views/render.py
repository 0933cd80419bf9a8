"""HTML of one result (a letter and its matching treatments), for the hot result list.

The result list is the hottest markup of the portal (20 letters, several treatments and passages
each, on every search and facet click). Django's template engine spends ~0.5 ms per letter on it;
these f-strings ~0.03 ms. ``templates/search/partials/results.html`` places the list.

Safety: every value goes through ``e()`` (html.escape, quotes included), except the engine's
highlight HTML (escaped letter text with <mark> only, per the engine's contract), passed as is.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape as e

from django.template.defaultfilters import truncatechars
from django.utils.safestring import SafeString, mark_safe

from search.results import LetterResult, TreatmentResult

SEPARATOR = '<span aria-hidden="true"> · </span>'


def _date(hit: LetterResult) -> str:
    if not hit.decision_date:
        return "Decision date unknown"
    return f'Decided <time datetime="{hit.decision_date.isoformat()}">{e(hit.date_display)}</time>'


REVIEWER = ("IMR reviewer", "The guidelines the IMR reviewer relied on")
ADMINISTRATOR = (
    "Claims administrator",
    "The guidelines the claims administrator cited (not the IMR reviewer)",
)


def _guides(sources: list[str], who: tuple[str, str], modifier: str = "") -> str:
    """ " · IMR reviewer: MTUS": whose guideline sources, never merged with the other party's."""
    if not sources:
        return ""
    label, title = who
    return (
        f'{SEPARATOR}<span class="treatment__guides{modifier}" title="{e(title)}">'
        f"{e(label)}: {e(', '.join(sources))}</span>"
    )


def class_html(t: TreatmentResult) -> str:
    """The classification line: category, subcategory and drug class, body regions, and the
    guideline sources of the IMR reviewer and of the claims administrator, apart."""
    regions = f'{SEPARATOR}<span class="treatment__regions">{e(", ".join(t.body_regions))}</span>'
    basis = f' title="{e(t.basis_label)}"' if t.basis_label else ""
    return (
        f'<p class="treatment__class"><span class="treatment__category"{basis}>{e(t.classification)}</span>'
        f"{regions if t.body_regions else ''}{_guides(t.guidelines, REVIEWER)}"
        f"{_guides(t.administrator_guidelines, ADMINISTRATOR, ' treatment__guides--admin')}</p>"
    )


def treatment_html(url: str, t: TreatmentResult) -> str:
    request = t.request_html or e(t.request)  # request_html: engine HTML, <mark> only
    passages = "".join(f'<blockquote class="passage">{p}</blockquote>' for p in t.passages)
    return (
        f'<li class="treatment"><div class="treatment__head">'
        f'<span class="badge badge--{t.decision_class}">{e(t.decision_label)}</span>'
        f'<a class="treatment__request" href="{e(url)}{t.anchor}">{request}</a></div>'
        f"{class_html(t)}{passages}</li>"
    )


def others_html(url: str, others: list[TreatmentResult]) -> str:
    if not others:
        return ""
    links = SEPARATOR.join(
        f'<a href="{e(url)}{t.anchor}">{e(truncatechars(t.request, 70))}</a> '
        f'<span class="badge badge--{t.decision_class} badge--tiny">{e(t.decision_label)}</span>'
        for t in others
    )
    label = '<span class="hit__others-label">Also matching (no passage to show):</span>'
    return f'<p class="hit__others">{label} {links}</p>'


def shown_html(hit: LetterResult) -> str:
    """ "Showing 10 of the 12 matching decisions (21 disputed in this letter)" when the card shows
    some of the letter's decisions."""
    shown, count, matching = len(hit.treatments), hit.treatment_count, max(hit.matching, len(hit.treatments))
    if hit.mentioned_only or shown >= count:
        return ""
    if matching > shown:
        text = f"Showing {shown} of the {matching} matching decisions ({count} disputed in this letter)."
    else:
        noun = "decision" if shown == 1 else "decisions"
        text = f"Showing the {shown} matching {noun} of {count} disputed in this letter."
    return f'<p class="hit__shown">{text}</p>'


def mention_html(url: str, hit: LetterResult, where: str) -> str:
    """A letter found only by its story: where the words are, and that none of its decisions counts."""
    count = hit.treatment_count
    if count == 1:
        verdict = (
            f'Its one <a href="{e(url)}">disputed treatment</a> is not about the search; it is not counted.'
        )
    else:
        verdict = (
            f'None of its <a href="{e(url)}">{count} disputed treatments</a> is about the search; '
            "none is counted."
        )
    passage = f'<blockquote class="passage">{hit.summary_html}</blockquote>' if hit.summary_html else ""
    return (
        f'<div class="hit__mention"><p><span class="tag tag--mention">Mentioned {e(where)}</span> '
        f"{verdict}</p>{passage}</div>"
    )


def hit_html(hit: LetterResult, rank: int, url: str, where: str = "") -> str:
    link_class = "" if hit.numbered else ' class="unnumbered"'
    expedited = '<span class="tag tag--expedited">Expedited</span>' if hit.priority == "expedited" else ""
    meta = hit.meta
    meta_html = (
        f'<p class="hit__meta"><span class="visually-hidden">Reviewer: </span>{e(meta)}</p>' if meta else ""
    )
    head = (
        f'<div class="hit__head">'
        f'<h3 class="hit__case" id="r{rank}"><a href="{e(url)}"{link_class}>{e(hit.label)}</a></h3>'
        f'<span class="hit__date">{_date(hit)}</span>{expedited}</div>{meta_html}'
    )
    if hit.mentioned_only:
        return f'<li class="hit hit--mention">{head}{mention_html(url, hit, where)}</li>'
    treatments = "".join(treatment_html(url, t) for t in hit.primary)
    return (
        f'<li class="hit">{head}<ul class="treatments">{treatments}</ul>'
        f"{others_html(url, hit.others)}{shown_html(hit)}</li>"
    )


def hits_html(
    hits: list[LetterResult], first_rank: int, url_for: Callable[[str, int], str], where: str = ""
) -> SafeString:
    """The result list; ``url_for(case_number, rank)`` links a letter page carrying the search;
    ``where`` the letters found only by their story mention the words ("in the case summary")."""
    return mark_safe(
        "".join(
            hit_html(hit, rank, url_for(hit.case_number, rank), where)
            for rank, hit in enumerate(hits, start=first_rank)
        )
    )
