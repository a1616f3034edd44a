"""Uploaded files from the public: images re-encoded by Pillow (drops EXIF — GPS position, camera,
owner — and anything hidden after the pixels), and a private storage for files that must never
be reachable under /media/ (opinion attachments are served by a permission-checked view)."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

MAX_PIXELS = 60_000_000  # larger than any phone photo; refuses decompression bombs

# sniffed MIME type → (Pillow format, extension, MIME type stored)
FORMATS = {
    "image/jpeg": ("JPEG", "jpg", "image/jpeg"),
    "image/png": ("PNG", "png", "image/png"),
    "image/gif": ("GIF", "gif", "image/gif"),
    "image/webp": ("WEBP", "webp", "image/webp"),
    # HEIC (iPhone) becomes JPEG: editors' browsers cannot show HEIC anyway.
    "image/heic": ("JPEG", "jpg", "image/jpeg"),
    "image/heif": ("JPEG", "jpg", "image/jpeg"),
}


def private_storage():
    return storages["private"]


def reencode_image(upload, mime: str) -> SimpleUploadedFile:
    """A fresh file with the picture only: no EXIF/XMP/comments, orientation applied."""
    from PIL import Image, ImageOps

    try:
        from pillow_heif import register_heif_opener

        register_heif_opener()
    except ImportError:  # pragma: no cover - HEIC then fails as unreadable below
        pass
    fmt, ext, out_mime = FORMATS[mime]
    name = upload.name or "image"
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("“%(name)s”图片尺寸过大。"), params={"name": name})
            animated = fmt in {"GIF", "WEBP"} and getattr(image, "n_frames", 1) > 1
            out = io.BytesIO()
            if animated:
                image.save(out, fmt, save_all=True, loop=image.info.get("loop", 0))
            else:
                picture = ImageOps.exif_transpose(image)
                if fmt == "JPEG" and picture.mode not in ("RGB", "L"):
                    picture = picture.convert("RGB")
                options = {"quality": 88, "optimize": True} if fmt in {"JPEG", "WEBP"} else {}
                picture.save(out, fmt, **options)
    except ValidationError:
        raise
    except Exception as exc:  # Pillow raises many kinds for broken or hostile files
        raise ValidationError(_("“%(name)s”图片无法读取。"), params={"name": name}) from exc
    stem = name.rsplit(".", 1)[0] if "." in name else name
    clean = SimpleUploadedFile(f"{stem}.{ext}", out.getvalue(), content_type=out_mime)
    clean.lb_content_type = out_mime
    return clean
