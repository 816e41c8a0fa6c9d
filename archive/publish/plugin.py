"""The archive's Datasette plugin (entry point ``archive`` in setup.cfg).

A placeholder for the archive's own presentation; it adds nothing yet.
"""
from datasette import hookimpl


@hookimpl
def extra_css_urls(template, database, table, columns, view_name, request, datasette):
    """No extra stylesheets yet."""
    return []
