from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.plugins import DEMO_CONTENT_HOOK, POINT_INDICATORS_HOOK

from . import access, admin_views
from .indicators import task_indicators
from .models import ConsultationTask


@hooks.register("register_admin_urls")
def consultations_admin_urls():
    v = admin_views
    return [
        path("tasks/", v.index, name="consultations_index"),
        path("tasks/new/", v.task_form, name="consultations_create"),
        path("tasks/board/", v.board, name="consultations_board"),
        path("tasks/<int:pk>/", v.task_detail, name="consultations_task"),
        path("tasks/<int:pk>/edit/", v.task_form, name="consultations_edit"),
        path("tasks/<int:pk>/send/", v.task_send, name="consultations_send"),
        path("tasks/<int:pk>/close/", v.task_close, name="consultations_close"),
        path("tasks/<int:pk>/apply/", v.apply, name="consultations_apply"),
        path("tasks/points/<int:pk>/", v.assignment, name="consultations_assignment"),
        path("tasks/points/<int:pk>/decide/", v.decide, name="consultations_decide"),
        path("tasks/points/<int:pk>/steps/<str:step>/", v.step_form, name="consultations_step"),
        path("tasks/points/<int:pk>/report/", v.report_form, name="consultations_report"),
        path("tasks/points/<int:pk>/send-back/", v.send_back_view, name="consultations_send_back"),
        path(
            "tasks/points/<int:pk>/report.docx",
            v.report_download,
            name="consultations_report_docx",
        ),
        path("tasks/files/<int:pk>/", v.attachment, name="consultations_file"),
        path(
            "tasks/files/<int:pk>/delete/",
            v.attachment_delete,
            name="consultations_file_delete",
        ),
    ]


class TasksMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_manage(request.user) or access.can_act(request.user)


@hooks.register("register_admin_menu_item")
def tasks_menu_item():
    return TasksMenuItem(
        _("征询任务"), reverse("consultations_index"), icon_name="tasks", order=320
    )


@hooks.register("register_permissions")
def task_permissions():
    # So that the office can give the rights to a group in the admin's group editor.
    return Permission.objects.filter(
        content_type__app_label=ConsultationTask._meta.app_label,
        codename__in=["manage_tasks", "act_on_tasks"],
    )


hooks.register(POINT_INDICATORS_HOOK, task_indicators)


@hooks.register(DEMO_CONTENT_HOOK, order=110)  # after the points, events and opinions
def consultations_demo(demo):
    from .demo import load_tasks_demo

    load_tasks_demo(demo)
    demo.show(
        "Task board", "/admin/tasks/board/", "(征询任务: sign in as a point's staff to report)"
    )
