from django import template

register = template.Library()


@register.simple_tag
def question_fields(form, question):
    """``[(row or None, bound field)]`` of one question of an ``AnswerForm``."""
    return form.question_fields(question)
