from .reading import preferences_from_request


def reading_preferences(request):
    """Expose the reader's 适老化 choices so the base template can set classes on <html>."""
    return {"reading": preferences_from_request(request)}
