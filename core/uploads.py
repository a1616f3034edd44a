"""Uploaded files from the public: images re-encoded by Pillow (drops EXIF — GPS position, camera,
owner — and anything hidden after the pixels), and a private storage for files that must never
be reachable under /media/ (opinion attachments are served by a permission-checked view)."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

MAX_PIXELS = 60_000_000  # larger than any phone photo; refuses decompression bombs
# Frames × width × height of an animation: re-encoding time grows with it (measured: a 236 KB GIF
# of 60 frames of 2000×2000, 2.4 × 10⁸, took 15 s of CPU; 4 × 10⁷ took 3 s). 2 × 10⁷ (~1.5 s)
# still takes an 80-frame 480×480 sticker or a short screen capture.
MAX_ANIMATION_PIXELS = 20_000_000


def max_animation_pixels() -> int:
    return int(getattr(settings, "UPLOAD_MAX_ANIMATION_PIXELS", MAX_ANIMATION_PIXELS))


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


def _register_heif() -> None:
    try:
        from pillow_heif import register_heif_opener

        register_heif_opener()
    except ImportError:  # pragma: no cover - HEIC then fails as unreadable
        pass


def _check_size(image, name: str) -> None:
    """Refuse, from the header alone, a picture too large to decode: pixels of one frame, and
    frames × pixels of an animation (``n_frames`` skips through the frames without decoding)."""
    pixels = image.width * image.height
    if pixels > MAX_PIXELS:
        raise ValidationError(_("“%(name)s”图片尺寸过大。"), params={"name": name})
    frames = getattr(image, "n_frames", 1)
    if frames > 1 and frames * pixels > max_animation_pixels():
        raise ValidationError(
            _("“%(name)s”是帧数过多或尺寸过大的动图，请上传静态图片或较小的动图。"),
            params={"name": name},
        )


def inspect_image(upload, mime: str) -> None:
    """The cheap check of an image: its header is readable and its size within the caps. No pixel
    is decoded; ``reencode_image`` does that later, for a submission that is otherwise valid."""
    from PIL import Image

    _register_heif()
    name = upload.name or "image"
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            _check_size(image, name)
    except ValidationError:
        raise
    except Exception as exc:  # Pillow raises many kinds for broken or hostile files
        raise ValidationError(_("“%(name)s”图片无法读取。"), params={"name": name}) from exc
    finally:
        upload.seek(0)


def reencode_image(upload, mime: str) -> SimpleUploadedFile:
    """A fresh file with the picture only: no EXIF/XMP/comments, orientation applied."""
    from PIL import Image, ImageOps

    _register_heif()
    fmt, ext, out_mime = FORMATS[mime]
    name = upload.name or "image"
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            _check_size(image, name)
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
