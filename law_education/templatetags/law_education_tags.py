from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def quiz_rows(context, value, block_id):
    """The quiz's questions joined with this visitor's result (when the form was just scored)."""
    result = context.get("quiz_result")
    if not result or result.get("block_id") != block_id:
        result = None
    page = context.get("page")
    action = ""
    if page is not None and block_id:
        action = page.url + page.reverse_subpage("quiz_route", kwargs={"block_id": block_id})
    rows = []
    for index, question in enumerate(value["questions"]):
        scored = result["rows"][index] if result else {}
        chosen = scored.get("chosen")
        rows.append(
            {
                "index": index,
                "question": question["question"],
                "explanation": question["explanation"],
                "chosen": chosen,
                "ok": scored.get("ok", False),
                "options": [
                    {
                        "number": number,
                        "text": text,
                        "chosen": chosen == number,
                        "correct": number == question["correct"],
                    }
                    for number, text in enumerate(question["options"], start=1)
                ],
            }
        )
    return {"rows": rows, "result": result, "action": action}


@register.simple_tag(takes_context=True)
def subpage_url(context, page, name, *args):
    """The URL of a RoutablePageMixin route (wagtail.contrib.routable_page is not installed, so
    its ``routablepageurl`` tag is not available)."""
    return page.get_url(context.get("request")) + page.reverse_subpage(name, args=args)
