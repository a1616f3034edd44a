"""Grouping near-identical opinions: copy-paste campaigns, small edits, traditional/simplified
variants, punctuation and whitespace noise.

1. ``normalise``: traditional → simplified (OpenCC t2s), NFKC (full-width → half-width), lower
   case, and only letters and digits kept (punctuation, spaces, emoji dropped).
2. Identical normalised texts share a ``fingerprint`` (computed on save, indexed): a mass
   campaign costs one dictionary lookup per opinion.
3. Distinct normalised texts go through MinHash LSH (datasketch) on character 3-shingles — the
   right unit for Chinese, which has no spaces — and candidate pairs are confirmed with a
   normalised edit-distance ratio (rapidfuzz) so LSH false positives never merge two opinions.

Opinions are compared within one page and one article (or the whole page): the same words on two
different articles are two different opinions. Each partition is processed and dropped in turn,
so memory is bounded by the largest partition, not by the number of opinions.
"""

from __future__ import annotations

import hashlib
import unicodedata
import zlib
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz

SHINGLE = 3
NUM_PERM = 64
LSH_THRESHOLD = 0.5
CONFIRM_RATIO = 80.0  # rapidfuzz ratio (0–100) between normalised texts
MIN_LENGTH = 6  # shorter normalised texts ("同意", "支持") are only grouped when identical


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """OpenCC's own traditional → simplified character dictionary as a ``str.translate`` table.

    Character-level conversion is all a similarity measure needs (the phrase dictionary only
    resolves one-to-many choices such as 乾/干), and ``str.translate`` runs in C: ~100× faster
    than ``OpenCC("t2s").convert``, which matters at a million opinions."""
    import opencc

    path = Path(opencc.__file__).with_name("dictionary") / "TSCharacters.txt"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets:
            table[ord(source)] = targets.split()[0]
    return table


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_t2s_table()).lower()
    return "".join(ch for ch in text if ch.isalnum())


def fingerprint(text: str) -> str:
    return hashlib.blake2b(normalise(text).encode(), digest_size=16).hexdigest()


def _hash32(data: bytes) -> int:
    return zlib.crc32(data)


@lru_cache(maxsize=1)
def _template() -> MinHash:
    # Drawing the random permutations is most of the cost of a new MinHash: draw them once.
    return MinHash(num_perm=NUM_PERM)


def _minhash(norm: str) -> MinHash:
    shingles = {norm[i : i + SHINGLE] for i in range(max(1, len(norm) - SHINGLE + 1))}
    template = _template()
    m = MinHash(
        num_perm=NUM_PERM,
        hashfunc=_hash32,
        permutations=template.permutations,
        scheme=template.scheme,
    )
    m.update_batch([s.encode() for s in shingles])
    return m


class _UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_texts(items) -> list[list]:
    """``items``: iterable of (id, text). Returns clusters (lists of ids, ≥ 2 members)."""
    by_fp: dict[str, list] = defaultdict(list)
    norms: dict[str, str] = {}
    for pk, text in items:
        norm = normalise(text)
        fp = hashlib.blake2b(norm.encode(), digest_size=16).digest()
        by_fp[fp].append(pk)
        norms.setdefault(fp, norm)
    uf = _UnionFind()
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    for fp, norm in norms.items():
        uf.find(fp)
        if len(norm) < MIN_LENGTH:
            continue
        m = _minhash(norm)
        for other in lsh.query(m):
            if fuzz.ratio(norm, norms[other]) >= CONFIRM_RATIO:
                uf.union(fp, other)
        lsh.insert(fp, m)
    clusters: dict = defaultdict(list)
    for fp, ids in by_fp.items():
        clusters[uf.find(fp)].extend(ids)
    return [sorted(ids) for ids in clusters.values() if len(ids) > 1]


def group_duplicates(page_id: int, chunk_size: int = 5000) -> dict:
    """Group the page's near-identical opinions; existing groups keep their id and gain members.

    Returns figures: partitions, opinions seen, groups created/extended, opinions grouped."""
    from django.db import transaction
    from django.db.models import Count

    from .models import Opinion, OpinionGroup
    from .workflow import UNCOUNTED_STATUSES

    base = Opinion.objects.filter(page_id=page_id).exclude(status__in=UNCOUNTED_STATUSES)
    keys = list(base.values_list("article_key", flat=True).distinct().order_by("article_key"))
    stats = {"partitions": len(keys), "opinions": 0, "created": 0, "extended": 0, "grouped": 0}
    for key in keys:
        rows = base.filter(article_key=key).values_list("pk", "text", "group_id")
        existing: dict[int, int] = {}
        texts = []
        for pk, text, group_id in rows.iterator(chunk_size=chunk_size):
            texts.append((pk, text))
            if group_id:
                existing[pk] = group_id
        stats["opinions"] += len(texts)
        clusters = cluster_texts(texts)
        del texts
        with transaction.atomic():
            for ids in clusters:
                group_ids = sorted({existing[pk] for pk in ids if pk in existing})
                if group_ids:
                    target = group_ids[0]
                    movers = [pk for pk in ids if existing.get(pk) != target]
                    if not movers:
                        continue
                    stats["extended"] += 1
                else:
                    target = OpinionGroup.objects.create(
                        page_id=page_id, article_key=key, representative_id=ids[0]
                    ).pk
                    movers = ids
                    stats["created"] += 1
                for start in range(0, len(movers), chunk_size):
                    Opinion.objects.filter(pk__in=movers[start : start + chunk_size]).update(
                        group_id=target
                    )
                stats["grouped"] += len(movers)
            sizes = dict(
                Opinion.objects.filter(page_id=page_id, article_key=key, group__isnull=False)
                .values_list("group_id")
                .annotate(n=Count("pk"))
                .order_by()
            )
            for group_id, size in sizes.items():
                OpinionGroup.objects.filter(pk=group_id).exclude(size=size).update(size=size)
            # Groups emptied by a merge hold nothing an editor needs: the opinions moved on.
            OpinionGroup.objects.filter(page_id=page_id, article_key=key).exclude(
                pk__in=list(sizes)
            ).delete()
    return stats
