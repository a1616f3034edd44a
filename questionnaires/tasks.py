"""Background work of the questionnaires plugin (django-tasks; inline without a worker)."""

from __future__ import annotations

from django_tasks import task


@task()
def group_text_answers(page_id: int, question_id: str) -> int:
    """Group the written answers to one question (``text_answers.regroup``); returns the number
    of groups. A questionnaire or question deleted meanwhile is nothing to do."""
    from .models import QuestionnairePage
    from .text_answers import regroup, text_questions

    page = QuestionnairePage.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    question = next((q for q in text_questions(page.question_list) if q.id == question_id), None)
    if question is None:
        return 0
    return len(regroup(page, question)["clusters"])


@task()
def purge_phone_codes() -> int:
    """Delete the SMS codes nobody can use any more (``verification.purge_expired``): enqueue
    it daily, or run ``manage.py purge_phone_codes`` from cron."""
    from .verification import purge_expired

    return purge_expired()
