# Django's Chinese MONTH_DAY_FORMAT is "m月j日" (05月3日); people write 5月3日.
MONTH_DAY_FORMAT = "n月j日"
