"""Regulations in force (现行法规): the index, the regulation page with its versions, the searchable
copy of its articles, and its evaluations (实施评估).

The text lives in ``RegulationVersion.items`` (the flat items of ``core.legal_text``), one frozen
version per 公布, 修正 or 修订; the text in force is the latest. ``RegulationArticle`` rows are the
live text per article for search, rewritten from it (``regulations.services``)."""

from .evaluation import EvaluationPage
from .regulation import RegulationIndexPage, RegulationPage
from .versions import RegulationArticle, RegulationVersion

__all__ = [
    "EvaluationPage",
    "RegulationArticle",
    "RegulationIndexPage",
    "RegulationPage",
    "RegulationVersion",
]
