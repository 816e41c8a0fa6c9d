"""The archive's Datasette plugin: pages, cell links and templates for analysts.

Registered as the ``archive`` entry point (setup.cfg) through the package
``archive.publish``, which re-exports these hooks so that Datasette serves its
``templates/`` and ``static/`` folders. Pages:

- ``/-/article/<id>``  the article with its facts and mentions highlighted
- ``/-/timeline``      meetings and statements per month (``?person=ID``, ``?country=XX``)
- ``/-/meets``         who meets whom, from the ``country_pairs`` canned query
- ``/-/search``        ranked full-text search over statements and articles
- ``/-/find``          a name from a view (speaker, chair, place) to its row
"""
from __future__ import annotations

from datasette import hookimpl
from datasette.utils import urlsafe_components
from datasette.utils.asgi import NotFound, Response

from . import article, cells, links, overview, pairs, rows, search, timeline

NAV = (("Search", "/-/search"), ("Timeline", "/-/timeline"), ("Who meets whom", "/-/meets"))


@hookimpl
def register_routes(datasette):
    """The archive's own pages (see the module docstring)."""
    return [
        (r"^/-/article/(?P<article_id>[0-9]+)$", article_page),
        (r"^/-/timeline$", timeline_page),
        (r"^/-/meets$", meets_page),
        (r"^/-/search$", search_page),
        (r"^/-/find$", find_redirect),
    ]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Statement and meeting rows link to their article, scrolled to their sentence."""
    return cells.render(row, value, column, table, datasette)


@hookimpl
def extra_css_urls(datasette):
    """The archive's stylesheet, served from the package (no CDN)."""
    return [links.static(datasette, "archive.css")]


@hookimpl
def extra_template_vars(template, table, view_name, request, datasette):
    """The navigation bar everywhere; counts on the index; statements and meetings on row pages."""

    async def inner():
        if not await links.is_archive(datasette):  # another database served with this plugin installed
            return {"archive": None}
        extra = {"archive_nav": _nav(datasette), "archive_db": links.db_name(datasette)}
        if template == "index.html":
            extra["archive"] = await overview.context(datasette, request)
        elif view_name == "row" and table and request is not None:
            pk = urlsafe_components(request.url_vars.get("pks", ""))
            if len(pk) == 1:
                extra["archive_row"] = await rows.extras(datasette, table, pk[0])
        return extra

    return inner


def _nav(datasette) -> list[dict]:
    db = links.db_name(datasette)
    items = [{"label": "Archive", "url": datasette.urls.instance()},
             {"label": "Statements", "url": datasette.urls.table(db, "statements_view")},
             {"label": "Meetings", "url": datasette.urls.table(db, "meetings_view")},
             {"label": "People", "url": datasette.urls.table(db, "people")},
             {"label": "Map", "url": links.table(datasette, "meetings_view", {"latitude__notblank": 1})}]
    return items + [{"label": label, "url": datasette.urls.path(path)} for label, path in NAV]


# Pages ----------------------------------------------------------------------

async def _render(datasette, request, template: str, context: dict) -> Response:
    await datasette.ensure_permissions(
        request.actor, [("view-database", links.db_name(datasette)), "view-instance"])
    return Response.html(await datasette.render_template(template, context, request=request))


async def _require_archive(datasette) -> None:
    if not await links.is_archive(datasette):
        raise NotFound("The database served is not an archive (it has no articles table)")


async def article_page(datasette, request):
    await _require_archive(datasette)
    context = await article.context(datasette, int(request.url_vars["article_id"]))
    if context is None:
        raise NotFound("No article with this id")
    return await _render(datasette, request, "archive_article.html", context)


async def timeline_page(datasette, request):
    await _require_archive(datasette)
    context = await timeline.context(datasette, request.args.get("person"), request.args.get("country"))
    return await _render(datasette, request, "archive_timeline.html", context)


async def meets_page(datasette, request):
    await _require_archive(datasette)
    context = await pairs.context(datasette, request, request.args.get("country"))
    return await _render(datasette, request, "archive_meets.html", context)


async def search_page(datasette, request):
    await _require_archive(datasette)
    context = await search.context(datasette, request.args.get("q"))
    return await _render(datasette, request, "archive_search.html", context)


async def find_redirect(datasette, request):
    await _require_archive(datasette)
    return Response.redirect(await rows.find(datasette, request.args))
