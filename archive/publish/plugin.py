"""The archive's Datasette plugin: pages, cell links and templates for analysts.

Registered as the ``archive`` entry point (setup.cfg) through the package
``archive.publish``, which re-exports these hooks so that Datasette serves its
``templates/`` and ``static/`` folders. Pages:

- ``/-/article/<id>``  the article with its facts and mentions highlighted
- ``/-/map``           the meetings on a world outline (``?country=XX&person=ID&from=...&to=...``)
- ``/-/timeline``      meetings and statements per month or year (the same selection)
- ``/-/meets``         who meets whom: countries or people (``?view=people``), the same selection and ``max=N``
- ``/-/search``        one search box over statements, speakers, names, meetings and articles, with facets
- ``/-/review``        ``archive review``'s list of what needs a human
- ``/-/find``          a name from a view (speaker, chair, place) to its row
- ``/-/databases``     Datasette's list of databases, without their paths on disk

Every page checks its parameters: a malformed one is a 400, one that names
nothing a 404. Error pages are rendered by ``handle_exception``.
"""
from __future__ import annotations

import json
import sys
import traceback

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import urlsafe_components
from datasette.utils.asgi import Base400, NotFound, Response
from datasette.views.base import DatasetteError

from .. import limits
from .links import PLUGIN
from . import (article, cells, filters, links, outline, overview, pairs, quality, quicksearch, rows, search,
               timeline, worldmap)

NAV = (("Search", "/-/search"), ("Timeline", "/-/timeline"), ("Who meets whom", "/-/meets"))


@hookimpl
def startup(datasette):
    """Read the foreign keys, and decode the world outline before the first request rather than during it.

    Also: Datasette 0.65.5's own error handler prints the exception with rich outside an except
    block, which the pinned rich refuses with a ValueError: every 404 and 405 became a bare
    500. Without rich it renders its page; ours (``handle_exception``) comes first and is served.
    Imported here: importing it while Datasette loads its plugins would register this
    module before its hooks exist.
    """
    from datasette import handle_exception as default_handler

    default_handler.rich = None

    async def inner():
        await cells.load_foreign_keys(datasette)
        outline.centroids()
        outline.geojson()

    return inner


@hookimpl
def asgi_wrapper(datasette):
    """Searches of the statements skip counting and faceting every match (see quicksearch.py)."""
    return lambda app: quicksearch.wrap(datasette, app)


@hookimpl
def register_routes(datasette):
    """The archive's own pages (see the module docstring)."""
    return [
        (r"^/-/article/(?P<article_id>[0-9]+)$", article_page),
        (r"^/-/map$", map_page),
        (r"^/-/map/world.geojson$", world_outline),
        (r"^/-/timeline$", timeline_page),
        (r"^/-/meets$", meets_page),
        (r"^/-/search$", search_page),
        (r"^/-/review$", review_page),
        (r"^/-/find$", find_redirect),
        (r"^/-/databases(?P<format>\.json)?$", databases_page),
    ]


@hookimpl
def handle_exception(datasette, request, exception):
    """The error page: the status Datasette means, and for a bug no internals, only a log entry."""

    async def inner():
        status, message, title = _error(exception)
        info = {"ok": False, "error": message, "status": status, "title": title}
        if request.path.endswith(".json"):
            return Response.json(info, status=status)
        html = await datasette.render_template("error.html", info, request=request)
        return Response.html(html, status=status)

    return inner


def _error(exception) -> tuple[int, str, str | None]:
    if isinstance(exception, Base400):
        return exception.status, str(exception.args[0]) if exception.args else "Bad request", None
    if isinstance(exception, DatasetteError):
        return exception.status, exception.message, exception.title
    if isinstance(exception, QueryInterrupted):
        return 400, f"The query took longer than the limit of {limits.SQL_TIME_LIMIT_MS} ms.", "Query too slow"
    traceback.print_exception(type(exception), exception, exception.__traceback__, file=sys.stderr)
    return 500, "Internal error: the details are in the server log.", None


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
        if view_name in ("table", "row") and table:
            extra["archive_hidden_columns"] = hidden_columns(datasette, table, view_name, request)
            if request is not None:
                extra["archive_all_columns_url"] = links.with_args(request, _internal="1")
        return extra

    return inner


def hidden_columns(datasette, table: str, view_name: str, request) -> list[str]:
    """Columns a page leaves out (metadata.yml: plugins: archive: hidden_columns, and hidden_in_list
    on table pages only), unless the URL asks for them with ``?_internal=1``."""
    if request is not None and request.args.get("_internal"):
        return []
    config = datasette.plugin_config(PLUGIN, database=links.db_name(datasette), table=table, fallback=False) or {}
    return list(config.get("hidden_columns", [])) + (
        list(config.get("hidden_in_list", [])) if view_name == "table" else [])


def _nav(datasette) -> list[dict]:
    db = links.db_name(datasette)
    items = [{"label": "Archive", "url": datasette.urls.instance()},
             {"label": "Statements", "url": datasette.urls.table(db, "statement_rows")},
             {"label": "Meetings", "url": datasette.urls.table(db, "meeting_rows")},
             {"label": "People", "url": datasette.urls.table(db, "people")},
             {"label": "Map", "url": datasette.urls.path("/-/map")}]
    return items + [{"label": label, "url": datasette.urls.path(path)} for label, path in NAV]


# Pages ----------------------------------------------------------------------

async def _render(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    await datasette.ensure_permissions(
        request.actor, [("view-database", links.db_name(datasette)), "view-instance"])
    return Response.html(await datasette.render_template(template, context, request=request), status=status)


async def _require_archive(datasette) -> None:
    if not await links.is_archive(datasette):
        raise NotFound("The database served is not an archive (it has no articles table)")


async def article_page(datasette, request):
    await _require_archive(datasette)
    article_id = links.integer(request.url_vars["article_id"])
    context = await article.context(datasette, article_id) if article_id is not None else None
    if context is None:
        raise NotFound("No article with this id")
    return await _render(datasette, request, "archive_article.html", context)


async def map_page(datasette, request):
    await _require_archive(datasette)
    context = await worldmap.context(datasette, await filters.Selection.checked(datasette, request.args))
    return await _render(datasette, request, "archive_map.html", context)


async def world_outline(datasette, request):
    return Response(outline.geojson(), content_type="application/geo+json",
                    headers={"cache-control": "max-age=86400"})


async def timeline_page(datasette, request):
    await _require_archive(datasette)
    context = await timeline.context(datasette, await filters.Selection.checked(datasette, request.args))
    return await _render(datasette, request, "archive_timeline.html", context)


async def meets_page(datasette, request):
    await _require_archive(datasette)
    context = await pairs.context(datasette, await filters.Selection.checked(datasette, request.args), request.args.get("view"))
    return await _render(datasette, request, "archive_meets.html", context)


async def search_page(datasette, request):
    await _require_archive(datasette)
    context = await search.context(datasette, request.args)
    status = 400 if context.get("refused") else 200
    return await _render(datasette, request, "archive_search.html", context, status=status)


async def databases_page(datasette, request):
    """Datasette's /-/databases, without the path of each database file on the server."""
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    data = [{"name": db.name, "route": db.route, "is_mutable": db.is_mutable, "is_memory": db.is_memory,
             "hash": db.hash} for db in datasette.databases.values()]
    if request.url_vars.get("format"):
        return Response.json(data)
    return Response.html(await datasette.render_template(
        "show_json.html", {"filename": "databases.json", "data_json": json.dumps(data, indent=4)}, request=request))


async def review_page(datasette, request):
    await _require_archive(datasette)
    context = await quality.review_context(datasette, request.args.get("kind") or None)
    return await _render(datasette, request, "archive_review.html", context)


async def find_redirect(datasette, request):
    await _require_archive(datasette)
    return Response.redirect(await rows.find(datasette, request.args))
