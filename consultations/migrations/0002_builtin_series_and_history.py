"""The two built-in series and the consultations IOM held before the portal (DOMAIN.md).

Present in every installation, marked as held. Theme texts are data (English).
"""

import datetime
import zoneinfo

from django.db import migrations

SERIES = [
    ("annual-cso", "Annual CSO Consultation", "IOM's Annual Consultations with civil society organizations, held since 2011."),
    ("ngo-humanitarian", "NGO Humanitarian Consultation", "IOM's annual Humanitarian Consultations with NGOs, held since 2015."),
]

HISTORY = [
    ("annual-cso", datetime.date(2011, 11, 11), "60 Years Advancing Migrant Rights and Migrant Protection"),
    ("annual-cso", datetime.date(2012, 10, 25), "Enhancing Dialogue, Cooperation and Partnership on Migration"),
    ("annual-cso", datetime.date(2013, 9, 12), "Migrants and Development"),
    ("annual-cso", datetime.date(2014, 10, 9), "Follow up to the 2013 UN High Level Dialogue on Migration and Development"),
    ("annual-cso", datetime.date(2015, 9, 18), "Protecting and Positively Impacting Migrant Lives"),
    ("annual-cso", datetime.date(2016, 11, 4), "Post – 19 September Summit"),
    ("ngo-humanitarian", datetime.date(2015, 6, 30), "Partnerships"),
    ("ngo-humanitarian", datetime.date(2016, 6, 13), "IOM's role and emerging policy in humanitarian response and partnership"),
]
GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")


def slug_for(code, day):
    return f"{'annual-cso-consultation' if code == 'annual-cso' else 'ngo-humanitarian-consultation'}-{day.year}"


def load(apps, schema_editor):
    Series = apps.get_model("consultations", "Series")
    Consultation = apps.get_model("consultations", "Consultation")
    series = {}
    for code, name, description in SERIES:
        series[code], _ = Series.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "is_builtin": True}
        )
    for code, day, theme in HISTORY:
        title = f"{series[code].name} {day.year}"
        Consultation.objects.get_or_create(
            slug=slug_for(code, day),
            defaults={
                "series": series[code],
                "title": title,
                "theme": theme,
                # The day is historical fact; the hours are not recorded.
                "starts_at": datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=GENEVA),
                "ends_at": datetime.datetime.combine(day, datetime.time(18, 0), tzinfo=GENEVA),
                "time_zone": "Europe/Zurich",
                "format": "in_person",
                "status": "held",
                "eligibility": "invited",
                "interpretation_languages": [],
            },
        )


def unload(apps, schema_editor):
    Consultation = apps.get_model("consultations", "Consultation")
    Series = apps.get_model("consultations", "Series")
    Consultation.objects.filter(slug__in=[slug_for(code, day) for code, day, _ in HISTORY]).delete()
    Series.objects.filter(code__in=[code for code, *_ in SERIES], consultations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
