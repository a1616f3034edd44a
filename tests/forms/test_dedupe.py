"""Near-identical opinions on realistic Chinese variants are grouped; different ones are not."""

from core.near_duplicates import cluster_texts, normalise
from forms.dedupe import group_duplicates
from forms.intake import Submission, create_opinion
from forms.models import Channel, Opinion

BASE = "建议将第十二条中“禁止在公共场所随地吐痰”修改为“禁止在公共场所随地吐痰、便溺”，并明确处罚标准为五十元以上二百元以下罚款。"
VARIANTS = [
    BASE,
    BASE.replace("，", ",").replace("。", ".").replace("“", '"').replace("”", '"'),  # half-width
    " ".join(BASE),  # spaces everywhere
    "建議將第十二條中「禁止在公共場所隨地吐痰」修改為「禁止在公共場所隨地吐痰、便溺」，並明確處罰標準為五十元以上二百元以下罰款。",
    BASE.replace("建议", "我强烈建议"),  # small edit
    BASE.replace("五十元以上二百元以下", "五十元至二百元"),  # reworded fragment
    BASE + "！！！",
    "ＢＡＳＥ".lower() and BASE.replace("十二", "１２"),  # full-width digits
]
DIFFERENT = [
    "建议将第十二条中的罚款标准提高到五百元，否则起不到震慑作用。",  # same article, other idea
    "第十二条规定很好，支持草案。",
    "建议增加对电动自行车在人行道停放的管理规定，明确物业和街道的责任分工。",
    "建议第二十条增加志愿服务时长可以兑换公共服务积分的规定，激励市民参与志愿服务。",
]


def test_normalise_collapses_script_width_punctuation_and_space():
    assert (
        normalise(VARIANTS[3])
        == normalise(BASE)
        == normalise(VARIANTS[1])
        == normalise(VARIANTS[2])
    )


def test_realistic_variants_cluster_and_different_opinions_stay_apart():
    items = list(enumerate(VARIANTS + DIFFERENT))
    clusters = cluster_texts(items)
    assert clusters == [list(range(len(VARIANTS)))]


def test_grouping_on_a_page_is_per_article_and_idempotent(draft):
    t1, t2 = draft.get_comment_targets()[:2]
    made = [
        create_opinion(draft, Submission(text=text, target=t1), channel=Channel.WEB)
        for text in VARIANTS + DIFFERENT
    ]
    other_article = create_opinion(draft, Submission(text=BASE, target=t2), channel=Channel.WEB)
    stats = group_duplicates(draft.pk)
    assert stats["grouped"] >= 1  # exact copies were grouped at intake already
    groups = {Opinion.objects.get(pk=o.pk).group_id for o in made[: len(VARIANTS)]}
    assert len(groups) == 1 and None not in groups
    group_id = groups.pop()
    assert all(Opinion.objects.get(pk=o.pk).group_id != group_id for o in made[len(VARIANTS) :])
    assert Opinion.objects.get(pk=other_article.pk).group_id != group_id
    from forms.models import OpinionGroup

    assert OpinionGroup.objects.get(pk=group_id).size == len(VARIANTS)
    # Running again changes nothing, and a late copy joins the same group.
    late = create_opinion(
        draft, Submission(text=VARIANTS[4] + "。", target=t1), channel=Channel.WEB
    )
    group_duplicates(draft.pk)
    assert Opinion.objects.get(pk=late.pk).group_id == group_id
    assert OpinionGroup.objects.get(pk=group_id).size == len(VARIANTS) + 1


def test_grouping_creates_groups_for_opinions_never_grouped(draft):
    """Opinions loaded in bulk (no intake grouping) are grouped by the job alone."""
    from django.utils import timezone

    t1 = draft.get_comment_targets()[5]
    rows = [
        Opinion(page=draft, article_key=t1.key, article_label=t1.label, text=text,
                receipt_code=f"LB-BULK-{i:04d}".replace("0", "Z").replace("1", "Y"),
                submit_time=timezone.now())
        for i, text in enumerate([BASE, VARIANTS[3], VARIANTS[4], DIFFERENT[0]])
    ]  # fmt: skip
    Opinion.objects.bulk_create(rows)
    stats = group_duplicates(draft.pk)
    assert stats["created"] >= 1
    groups = set(
        Opinion.objects.filter(
            article_key=t1.key, text__in=[BASE, VARIANTS[3], VARIANTS[4]]
        ).values_list("group_id", flat=True)
    )
    assert len(groups) == 1 and None not in groups
    assert Opinion.objects.get(article_key=t1.key, text=DIFFERENT[0]).group_id is None


def test_signatures_estimate_shingle_jaccard_and_are_stable():
    from core.near_duplicates import NUM_PERM, SHINGLE, signatures

    def shingles(text):
        return {text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}

    a = normalise(BASE)
    b = normalise(VARIANTS[5])  # reworded fragment: similar, not equal
    c = normalise(DIFFERENT[2])
    sigs = signatures([a, b, c, a])
    assert sigs.shape == (4, NUM_PERM)
    assert (sigs[0] == sigs[3]).all() and (signatures([a])[0] == sigs[0]).all()
    true = len(shingles(a) & shingles(b)) / len(shingles(a) | shingles(b))
    estimate = (sigs[0] == sigs[1]).mean()
    assert abs(estimate - true) < 0.2, (estimate, true)
    assert (sigs[0] == sigs[2]).mean() < 0.15


def test_lsh_bands_match_datasketchs_optimal_layout():
    """The layouts datasketch 2.0.0's MinHashLSH chose (default weights), recorded when we
    replaced it: ours must pick the same ones, including the one grouping uses."""
    from core.near_duplicates import LSH_THRESHOLD, NUM_PERM, _bands, lsh_bands

    assert (LSH_THRESHOLD, NUM_PERM) == (0.5, 64)
    assert _bands() == (14, 4)
    recorded = {
        (0.3, 64): (21, 3),
        (0.5, 16): (5, 3),
        (0.5, 32): (8, 4),
        (0.5, 64): (14, 4),
        (0.5, 128): (25, 5),
        (0.7, 64): (8, 8),
        (0.8, 128): (9, 13),
        (0.9, 16): (1, 15),
        (0.9, 128): (5, 25),
    }
    assert {key: lsh_bands(*key) for key in recorded} == recorded


def test_grouping_reads_each_article_through_its_index(draft, monkeypatch):
    """Each article's texts are read once, unordered: the model's default ordering made the
    database walk the page's whole time index once per article (53 × a million rows). Asked of
    the querysets themselves (``QuerySet.ordered``), not of the SQL a backend writes for them."""
    from django.db.models.query import QuerySet

    t1 = draft.get_comment_targets()[0]
    create_opinion(draft, Submission(text=BASE, target=t1), channel=Channel.WEB)
    reads = []
    iterator = QuerySet.iterator

    def spy(self, *args, **kwargs):
        if self.model is Opinion:
            reads.append(self.ordered)
        return iterator(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    stats = group_duplicates(draft.pk)
    # One read per article that has opinions, none of them sorted.
    assert stats["partitions"] and len(reads) == stats["partitions"]
    assert not any(reads), reads


def test_grouping_assigns_many_groups_across_update_chunks(draft):
    """Group ids are written in chunks of (opinion, group) pairs: every member of every cluster
    gets its own cluster's group, whatever chunk it falls in."""
    from django.utils import timezone

    t1 = draft.get_comment_targets()[3]
    other = DIFFERENT[2]
    texts = [BASE, VARIANTS[3], VARIANTS[4], other, other + "！", other.replace("，", ",")]
    Opinion.objects.bulk_create(
        Opinion(page=draft, article_key=t1.key, text=text, submit_time=timezone.now(),
                receipt_code=f"LB-CHNK-{i:04d}".replace("0", "Z").replace("1", "Y"))
        for i, text in enumerate(texts)
    )  # fmt: skip
    stats = group_duplicates(draft.pk, chunk_size=2)
    assert stats["created"] == 2 and stats["grouped"] == 6
    groups = [Opinion.objects.get(article_key=t1.key, text=text).group_id for text in texts]
    assert groups[0] == groups[1] == groups[2] and groups[3] == groups[4] == groups[5]
    assert groups[0] != groups[3] and None not in groups
