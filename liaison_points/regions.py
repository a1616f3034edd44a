"""Each liaison point's region (its 所在区县), for breakdowns other plugins make by region
(``core.plugins.POINT_REGIONS_HOOK``): one query for all the ids asked about."""

from __future__ import annotations

from .models import LiaisonPointPage


def regions_for(point_ids) -> dict[int, str]:
    return {
        pk: district.strip()
        for pk, district in LiaisonPointPage.objects.filter(pk__in=list(point_ids)).values_list(
            "pk", "district"
        )
        if district and district.strip()
    }
