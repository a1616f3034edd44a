"""Finding demo content whose translation reads differently, for the tests of what a reader of
another language sees."""


def page_with_renamed_link(pages, links, locale):
    """The first of ``pages`` one of whose linked snippets (``links(page)``: its topics, say) is
    named differently in ``locale`` (公用事业, 公用事業): a test that the page shows the copy
    can then tell the two apart."""
    return next(
        page
        for page in pages
        if any(obj.name != obj.get_translation(locale).name for obj in links(page))
    )
