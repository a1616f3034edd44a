# Django's English time is "2:30 p.m.": a sentence ending on it ("Open for comment until
# Dec. 23, 2026, 6:05 p.m..") gets a second full stop. "2:30 PM" ends a sentence cleanly.
DATETIME_FORMAT = "N j, Y, g:i A"
TIME_FORMAT = "g:i A"
