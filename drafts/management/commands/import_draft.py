"""``manage.py import_draft FILE``: the admin importer from the command line.

``--dry-run --json`` prints the recognised structure (``ParsedDraft.to_dict()``) and saves nothing.
Without ``--dry-run`` it creates a draft under the drafts index (``--index`` when there are several)
or, with ``--version-of PAGE_ID``, adds a version to an existing draft. The result is an
unpublished revision unless ``--publish``. The file is read within the same caps as an upload
(``LAWBRIDGE_DRAFT_IMPORT_LIMITS``): a file over them is refused before it is parsed.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from core.legal_text import ImportFormatError, parse_draft, read_document
from drafts.limits import import_limits


class Command(BaseCommand):
    help = "Import a regulation draft (.docx, .txt, .md) into chapters, sections and articles."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="parse only; save nothing")
        parser.add_argument("--json", action="store_true", help="print the structure as JSON")
        parser.add_argument("--title", help="title to use instead of the document's own")
        parser.add_argument("--index", type=int, help="id of the drafts index page to import under")
        parser.add_argument("--version-of", type=int, help="id of the draft to add a version to")
        parser.add_argument("--label", default="征求意见稿", help="version label, e.g. 二审稿")
        parser.add_argument("--publish", action="store_true", help="publish right away")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        limits = import_limits()
        try:
            if path.stat().st_size > limits.max_bytes:  # not even read into memory
                raise ImportFormatError(
                    "文件过大，请上传不超过 %(limit)s MB 的文件",
                    limit=limits.max_bytes // (1024 * 1024),
                )
            text = read_document(path.read_bytes(), path.name, limits)
        except ImportFormatError as exc:
            raise CommandError(str(exc)) from exc
        parsed = parse_draft(text, title=options["title"])
        count = sum(1 for _a in parsed.all_articles())

        if options["json"]:
            self.stdout.write(json.dumps(parsed.to_dict(), ensure_ascii=False, indent=2))
        if options["dry_run"]:
            if not options["json"]:
                self._report(parsed, count)
            return

        from drafts.models import DraftIndexPage, RegulationDraftPage
        from drafts.services import add_version, create_draft

        if options["version_of"]:
            page = RegulationDraftPage.objects.filter(pk=options["version_of"]).first()
            if page is None:
                raise CommandError(f"找不到草案页面：{options['version_of']}")
            result = add_version(
                page,
                parsed,
                label=options["label"],
                publish=options["publish"],
                source_name=path.name,
            )
        else:
            indexes = DraftIndexPage.objects.all()
            if options["index"]:
                indexes = indexes.filter(pk=options["index"])
            else:  # translations of the index hold translations, not imports
                indexes = indexes.filter(locale=Locale.get_default())
            if indexes.count() != 1:
                raise CommandError("请用 --index 指定草案栏目页面的 id")
            result = create_draft(
                indexes.get(),
                parsed,
                label=options["label"],
                publish=options["publish"],
                source_name=path.name,
            )
        if not options["json"]:
            self._report(parsed, count)
            state = "已发布" if result.published else "未发布，请在管理后台检查后发布"
            self.stdout.write(
                self.style.SUCCESS(
                    f"已导入：{result.page.title}（页面 id {result.page.pk}，"
                    f"版本“{result.version.label}”，{state}）"
                )
            )

    def _report(self, parsed, count):
        self.stdout.write(f"标题：{parsed.title or '（未识别）'}")
        self.stdout.write(f"章：{len(parsed.chapters)}，条：{count}")
        for line in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"提示：{line}"))
        for line in parsed.unplaced:
            self.stdout.write(self.style.WARNING(f"未识别位置的文字：{line}"))
