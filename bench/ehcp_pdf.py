"""Benchmark of the EHC plan PDF: builds a realistic plan of about 20 A4 pages in memory (every
section of the national template filled in, 5 rows in each broad area, health and social care
rows, section K) and prints the median time of the plan's PDF through the shared pipeline
(``sendcpp.pdf.render_pdf`` of ``ehcp.documents.plan_pdf_spec``) over 10 runs on
one core, the page count, and the peak memory. Quality bar: under 2 s median on one core.

    DJANGO_SETTINGS_MODULE=sendcpp.settings.base DJANGO_DEBUG=true .venv/bin/python bench/ehcp_pdf.py

Nothing touches the database (``BENCH_RUNS`` sets the number of timed runs).
"""

from __future__ import annotations

import io
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendcpp.settings.base")
os.environ.setdefault("DJANGO_DEBUG", "true")
# The settings want a database address; this benchmark never connects to it.
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sendcpp_bench")
RUNS = int(os.environ.get("BENCH_RUNS", "10"))

PARAGRAPH = (
    "Sam is a friendly and curious child who enjoys being with adults he knows well. In class he "
    "finds it hard to follow spoken instructions given to the whole group, particularly when they "
    "have more than one step, and he often watches other children to work out what to do. He is "
    "more settled when the day is predictable and when changes are explained to him in advance "
    "with pictures. "
)
NEEDS = [
    "Understands short, familiar sentences but loses the thread of longer instructions; needs "
    "key words emphasised and information given one step at a time.",
    "Finds it hard to start and keep up a conversation with other children, and to repair "
    "misunderstandings; may withdraw or become upset at playtimes.",
    "Has a reading age around three years below his chronological age and difficulty blending "
    "sounds; written work is short and effortful.",
    "Working memory difficulties mean he forgets instructions and loses his place in multi-step "
    "tasks such as column addition.",
    "Becomes anxious at transitions and in noisy spaces such as the hall, and can run out of the "
    "classroom when overwhelmed.",
]


def _row(index: int, area: str) -> dict[str, str]:
    return {
        "need": NEEDS[index % len(NEEDS)] + " " + PARAGRAPH[:180],
        "provision_what": "A structured small-group programme taught as planned by the specialist, "
        "with pre-teaching of topic vocabulary, visual supports in every lesson and a weekly "
        "review of progress with the class teacher. " + PARAGRAPH[:160],
        "provision_who": "Teaching assistant trained and supervised by the speech and language "
        "therapist, who reviews the programme each half term",
        "ratio": "1:4",
        "frequency": "3 times a week",
        "duration": "30 minutes",
        "outcome": "Follows a two-step instruction given to the whole class without an adult "
        "repeating it, in 4 out of 5 lessons observed.",
        "outcome_timeframe": "By the end of the school year (July 2027)",
        "need_section": "C" if area == "health" else "D" if area == "social_care" else "B",
        "provision_section": "G" if area == "health" else "H2" if area == "social_care" else "F",
        "outcome_section": "E",
        "source": "Psychological advice from Dr Priya Rao, 14 October 2026",
    }


def realistic_content() -> dict:
    from ehcp.selectors import AREA_DESCRIPTIONS, NO_NEEDS_TEXT
    from sendcpp.needs import BroadArea

    return {
        "schema": 1,
        "kind": "final",
        "kind_label": "Final plan",
        "number": 3,
        "issued_on": "2026-11-23",
        "local_authority": "Demo Borough Council",
        "case_reference": "990-26-000123",
        "child": {
            "name": "Samuel OKAFOR",
            "preferred_name": "Sam",
            "date_of_birth": "2016-03-27",
            "sex": "Male",
            "ethnicity": "BAFR",
            "first_language": "English",
            "nhs_number": "9434765919",
            "upn": "A123456789012",
            "address": "1 High Street, Demo Borough",
            "postcode": "DB1 1AA",
        },
        "contacts": [
            {
                "name": "Grace Okafor",
                "relationship": "Mother",
                "email": "grace@example.org",
                "phone": "07700 900123",
                "language": "English",
            },
            {
                "name": "Daniel Okafor",
                "relationship": "Father",
                "email": "dan@example.org",
                "phone": "07700 900456",
                "language": "English",
            },
        ],
        "services": {
            "setting": "Riverside Primary School",
            "setting_urn": "990001",
            "health_professionals": "GP: Dr Shah, Riverside Surgery.\nCommunity paediatrician: "
            "Dr Okoro.\nSpeech and language therapist: Jo Lindqvist.",
            "known_to_social_care": True,
            "looked_after": False,
            "previously_looked_after": False,
            "other_professionals": "Educational psychologist; occupational therapist; "
            "specialist teacher for autism.",
            "one_page_profile": True,
            "moving_from_la": "",
        },
        "section_a": {
            "history": "\n\n".join([PARAGRAPH * 3] * 4),
            "communication": PARAGRAPH * 2,
            "views": "\n\n".join([PARAGRAPH * 2] * 3),
            "views_gathered": "With his key adult in school using talking mats, October 2026.",
            "interests": PARAGRAPH,
            "strengths": PARAGRAPH * 2,
            "aspirations": PARAGRAPH * 2,
            "parent_views": "\n\n".join([PARAGRAPH * 2] * 2),
        },
        "areas": [
            {
                "key": area.value,
                "title": area.label,
                "description": AREA_DESCRIPTIONS[area],
                "strengths": PARAGRAPH,
                "rows": [_row(index, area.value) for index in range(5)],
                "no_needs_text": NO_NEEDS_TEXT,
            }
            for area in BroadArea
        ],
        "health": [_row(index, "health") for index in range(3)],
        "social_care": [_row(index, "social_care") for index in range(3)],
        "placement": {
            "name": "Riverside Primary School",
            "type": "Mainstream primary school with a resourced provision for communication",
            "pattern": "Day",
            "urn": "990001",
        },
        "budget": {"personal_budget": PARAGRAPH, "direct_payments": PARAGRAPH},
        "advice": [
            {
                "advice": label,
                "requested_on": "2026-09-01",
                "received_on": "2026-10-10",
                "from": "Named professional, Demo Integrated Care Board",
                "appended": True,
            }
            for label in [
                "Educational advice",
                "Medical advice",
                "Educational psychologist advice",
                "Social care advice",
                "Advisory teacher advice",
                "Any person the family reasonably asked for",
                "Parent or carer views",
                "The child's own views",
            ]
        ],
        "sign_off": {"officer": "Helen Marsh", "role": "Head of SEND", "date": "2026-11-23"},
    }


def main() -> None:
    import django

    django.setup()
    from pypdf import PdfReader

    from ehcp.documents import plan_pdf_spec
    from ehcp.models import PlanVersion
    from sendcpp.pdf import render_pdf

    def render_plan_pdf(version: PlanVersion) -> bytes:
        return render_pdf(plan_pdf_spec(version))

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    content = realistic_content()
    version = PlanVersion(number=3, kind="final", issued_on=content["issued_on"], content=content)

    pdf = render_plan_pdf(version)  # warm-up: fonts and stylesheets
    reader = PdfReader(io.BytesIO(pdf))
    times, cpu_times = [], []
    for _ in range(RUNS):
        started, cpu_started = time.perf_counter(), time.process_time()
        render_plan_pdf(version)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)

    tracemalloc.start()
    render_plan_pdf(version)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"EHC plan PDF: {len(reader.pages)} pages, {len(pdf) / 1024:.0f} KB, tagged "
        f"(StructTreeRoot {'/StructTreeRoot' in reader.trailer['/Root']}, "
        f"Lang {reader.trailer['/Root'].get('/Lang')})"
    )
    print(
        f"render time over {RUNS} runs on one core: median {statistics.median(times):.2f} s, "
        f"min {min(times):.2f} s, max {max(times):.2f} s (target: median under 2 s); "
        f"CPU time: median {statistics.median(cpu_times):.2f} s, min {min(cpu_times):.2f} s"
    )
    print(
        f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(the machine is shared with other work)"
    )
    print(
        f"peak Python memory during one render (tracemalloc): {peak / 1024 / 1024:.0f} MB; "
        f"process max RSS: {max_rss_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
