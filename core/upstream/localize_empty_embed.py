"""wagtail-localize 1.14 crashes extracting segments from an *optional* EmbedBlock left empty
(its value is None: ``'NoneType' object has no attribute 'url'``), which makes any page with an
empty embed untranslatable. An empty embed has nothing to translate: return no segment.

Delete this module (and its call in core/apps.py) once wagtail-localize handles None embeds."""

from wagtail.embeds.blocks import EmbedBlock
from wagtail_localize.segments.extract import StreamFieldSegmentExtractor

_original_handle_block = StreamFieldSegmentExtractor.handle_block


def _handle_block(self, block_type, block_value, raw_value=None):
    if isinstance(block_type, EmbedBlock) and block_value is None:
        return []
    return _original_handle_block(self, block_type, block_value, raw_value=raw_value)


def apply() -> None:
    StreamFieldSegmentExtractor.handle_block = _handle_block
