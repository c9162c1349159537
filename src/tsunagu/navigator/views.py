"""The public つながりナビ: who → troubles → about the person → results.

Every step is a plain form that works without JavaScript. Free text is only ever POSTed to
the troubles step, analysed in memory and turned into structured choices; the addresses that
follow carry those choices only.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tsunagu.core.http import no_store
from tsunagu.core.models import Area, AreaKind
from tsunagu.directory.troubles import TROUBLE_LABELS

from . import services
from .choices import parse_moment
from .documents import qr_svg, results_pdf
from .forms import TROUBLE_HINTS, AboutForm, TroublesForm, WhoForm, normalise_newlines


def _redirect(name: str, query: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(f"{reverse(name)}?{query}" if query else reverse(name))
    response.status_code = 303  # after a POST, fetch the next step with GET
    return response


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    choices = services.read_choices(request.GET)
    form = WhoForm(initial={"who": choices.who})
    return render(request, "navigator/start.html", {"form": form, "choices": choices})


@no_store  # the page sent back after a POST holds the text the resident typed
@require_http_methods(["GET", "POST"])
def troubles(request: HttpRequest) -> HttpResponse:
    choices = services.read_choices(request.GET)
    if request.method == "POST":
        form = TroublesForm(request.POST)
        if form.is_valid():
            chosen = services.read_choices(
                {
                    **{k: request.GET.getlist(k) for k in request.GET},
                    "codes": form.cleaned_data["codes"],
                }
            )
            chosen = services.add_text_to_choices(chosen, form.cleaned_data["text"])
            # A crisis goes straight to the results, where help comes first.
            target = "navigator:results" if chosen.shows_crisis else "navigator:about"
            return _redirect(target, chosen.query())
        # The text is too long (or the form is otherwise wrong): before asking to shorten
        # it, look for a crisis in it, so nobody in danger is held up by a length limit.
        chosen = services.read_choices(
            {
                **{k: request.GET.getlist(k) for k in request.GET},
                "codes": request.POST.getlist("codes"),
            }
        )
        text = normalise_newlines(request.POST.get("text", ""))
        chosen = services.add_text_to_choices(chosen, text, cut_to_limit=True)
        if chosen.shows_crisis:
            return _redirect("navigator:results", chosen.query())
    else:
        form = TroublesForm(initial={"codes": list(choices.codes)})
    checked = set(form["codes"].value() or [])
    cards = [
        {"code": code, "label": TROUBLE_LABELS[code], "hint": hint, "checked": code in checked}
        for code, hint in TROUBLE_HINTS.items()
    ]
    return render(
        request, "navigator/troubles.html", {"form": form, "choices": choices, "cards": cards}
    )


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    choices = services.read_choices(request.GET)
    wards = Area.objects.filter(kind=AreaKind.WARD).order_by("code")
    form = AboutForm(
        initial={
            "age": choices.age,
            "ward": choices.ward,
            "contact": choices.contact,
            "lang": choices.lang,
        },
        wards=wards,
    )
    hidden = [
        (name, value)
        for name, value in (
            ("who", choices.who),
            ("codes", ",".join(choices.codes)),
            ("kw", ",".join(choices.keywords)),
            ("crisis", "1" if choices.crisis else ""),
            ("src", choices.src),
        )
        if value
    ]
    context = {"form": form, "choices": choices, "hidden": hidden}
    return render(request, "navigator/about.html", context)


def _results(request: HttpRequest):
    choices = services.read_choices(request.GET)
    at = parse_moment(request.GET.get("at", "")) or timezone.now()
    return choices, services.navigator_results(choices, at)


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    print_view = request.GET.get("print") == "1"
    with transaction.atomic():
        choices, found = _results(request)
        if not print_view:  # the printable copy of a page already counted
            services.record_usage(choices, crisis_shown=found.crisis)
    query = choices.query()
    context = {
        "results": found,
        "choices": choices,
        "query": query,
        "page_url": request.build_absolute_uri(f"{reverse('navigator:results')}?{query}"),
        "print_view": print_view,
        "furigana": request.GET.get("ruby") == "1",
    }
    return render(request, "navigator/results.html", context)


@require_GET
def results_qr(request: HttpRequest) -> HttpResponse:
    choices = services.read_choices(request.GET)
    url = request.build_absolute_uri(f"{reverse('navigator:results')}?{choices.query()}")
    return HttpResponse(qr_svg(url), content_type="image/svg+xml")


@require_GET
def results_document(request: HttpRequest) -> HttpResponse:
    choices, found = _results(request)
    url = request.build_absolute_uri(f"{reverse('navigator:results')}?{choices.query()}")
    response = HttpResponse(results_pdf(found, url), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="tsunagu-navi.pdf"'
    return response
