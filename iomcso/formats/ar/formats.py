"""Arabic formats Django leaves out: without them a date and time falls back to the English
"N j, Y, P" ("ديسمبر 26, 2026"). Django's own Arabic formats fill in everything else."""

# The date written as in DATETIME_FORMAT (Django's own "j F، Y" put a comma where the date
# and time one has none): one date style on every page.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، g:i A"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y g:i A"
