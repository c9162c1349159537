"""The public つながりナビ: who → troubles → about the person → results.

Every step is a plain form that works without JavaScript. Free text is only ever POSTed to
the troubles step, analysed in memory and turned into structured choices; the addresses that
follow carry those choices only.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tsunagu.core.http import no_store
from tsunagu.core.models import Area, AreaKind
from tsunagu.core.text_size import text_size_from_request
from tsunagu.directory.troubles import TROUBLE_LABELS

from . import caching, services
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


def _shareable(request: HttpRequest) -> bool:
    """Whether this visitor may be sent the shared copy of a results page (NAV-12).

    Only visitors with nothing of their own on the page: not signed in (no session cookie,
    so the check itself reads nothing) and no message waiting to be shown.
    """
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def _render_results(request: HttpRequest, choices, at, *, csrf_token: str | None = None):
    """The page's HTML and the moment it stops being true."""
    found = services.navigator_results(choices, at)
    query = choices.query()
    context = {
        "results": found,
        "choices": choices,
        "query": query,
        "page_url": request.build_absolute_uri(f"{reverse('navigator:results')}?{query}"),
        "print_view": request.GET.get("print") == "1",
        "furigana": request.GET.get("ruby") == "1",
    }
    if csrf_token is not None:
        context["csrf_token"] = csrf_token  # stands in for the visitor's own, see below
    return render_to_string("navigator/results.html", context, request), found.changes_at


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    choices = services.read_choices(request.GET)
    if request.GET.get("print") != "1":  # the printable copy of a page already counted
        services.record_usage(choices, crisis_shown=choices.shows_crisis)
    moment = parse_moment(request.GET.get("at", ""))
    if moment is not None or not _shareable(request):
        html, _changes_at = _render_results(request, choices, moment or timezone.now())
        return HttpResponse(html)
    now = timezone.now()
    key = caching.key_for(
        "page",
        request.build_absolute_uri(),
        request.LANGUAGE_CODE,
        text_size_from_request(request),
    )
    html = caching.shared(
        key,
        now,
        lambda: _render_results(request, choices, now, csrf_token=caching.CSRF_PLACEHOLDER),
    )
    # The forms of the page (language, text size) carry this visitor's own CSRF token.
    return HttpResponse(html.replace(caching.CSRF_PLACEHOLDER, get_token(request)))


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
