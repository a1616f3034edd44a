"""Print the Varnish configuration for this site (deploy/varnish.vcl with its markers filled in):

manage.py varnish_vcl --backend 127.0.0.1:8000 --purger 10.0.0.11 > /etc/varnish/default.vcl
"""

import ipaddress
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "varnish.vcl"


def render_vcl(backend: str, purgers: list[str]) -> str:
    host, _sep, port = backend.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError("--backend must be HOST:PORT, e.g. 127.0.0.1:8000")
    lines = []
    for purger in purgers:
        try:
            network = ipaddress.ip_network(purger, strict=False)
        except ValueError as exc:
            raise CommandError(f"--purger {purger!r} is not an address or network") from exc
        address, _slash, bits = str(network).partition("/")
        is_host = int(bits) == network.max_prefixlen
        lines.append(f'    "{address}";\n' if is_host else f'    "{address}"/{bits};\n')
    return (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("@BACKEND_HOST@", host.strip("[]"))
        .replace("@BACKEND_PORT@", port)
        .replace("@PURGERS@", "".join(lines))
    )


class Command(BaseCommand):
    help = "Print the Varnish configuration (VCL) for this site."

    def add_arguments(self, parser):
        parser.add_argument("--backend", default="127.0.0.1:8000", help="gunicorn's HOST:PORT")
        parser.add_argument(
            "--purger",
            action="append",
            default=[],
            help="an application server's address (or network) allowed to purge; repeatable",
        )

    def handle(self, *args, backend, purger, **options):
        self.stdout.write(render_vcl(backend, purger), ending="")
