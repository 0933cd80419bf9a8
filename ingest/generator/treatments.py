# ruff: noqa: E501  (template tables)
"""Random disputed-treatment requests drawn from the canonical taxonomy and drug dictionary.

Each maker returns ``(request, topic)``; the topic picks the guideline and
rationale vocabulary in :mod:`ingest.generator.prose`.
"""

from __future__ import annotations

import random
from collections.abc import Callable

SIDES = ("left", "right", "bilateral")
JOINTS = ("knee", "shoulder", "wrist", "elbow", "hip", "ankle", "hand", "foot")
SPINES = ("cervical spine", "lumbar spine", "thoracic spine", "lumbosacral spine")
REGIONS = (*SPINES, "low back", "neck", "cervical and lumbar spine")
LEVELS = ("L3-4", "L4-5", "L5-S1", "L4-S1", "C5-6", "C6-7", "C4-5")

# (display name, topic, strengths, quantities)
DRUG_CHOICES: list[tuple[str, str, tuple[str, ...], tuple[int, ...]]] = [
    ("Norco", "opioid", ("10/325mg", "5/325mg", "7.5/325mg"), (30, 60, 90, 120, 180)),
    ("Hydrocodone/APAP", "opioid", ("10/325mg", "5/325mg"), (60, 90, 120)),
    ("Percocet", "opioid", ("10/325mg", "5/325mg"), (60, 90, 120)),
    ("Oxycodone", "opioid", ("5mg", "10mg", "15mg", "30mg"), (60, 90, 120)),
    ("OxyContin", "opioid", ("20mg", "40mg", "80mg"), (60, 90)),
    ("Tramadol", "opioid", ("50mg", "150mg"), (60, 90, 120)),
    ("Ultram", "opioid", ("50mg",), (60, 90)),
    ("Tramadol ER", "opioid", ("150mg", "200mg"), (30, 60)),
    ("Nucynta", "opioid", ("50mg", "75mg", "100mg"), (60, 90)),
    ("Butrans", "opioid", ("5mcg/hr", "10mcg/hr", "20mcg/hr"), (4, 8)),
    ("Fentanyl patch", "opioid", ("25mcg/hr", "50mcg/hr"), (10, 15)),
    ("MS Contin", "opioid", ("15mg", "30mg", "60mg"), (60, 90)),
    ("Methadone", "opioid", ("10mg", "5mg"), (90, 120)),
    ("Suboxone", "opioid", ("8/2mg",), (30, 60)),
    ("Narcan", "antagonist", ("4mg",), (1, 2)),
    ("Flexeril", "muscle_relaxant", ("10mg", "7.5mg", "5mg"), (30, 60, 90)),
    ("Cyclobenzaprine", "muscle_relaxant", ("7.5mg", "10mg"), (30, 60, 90)),
    ("Soma", "muscle_relaxant", ("350mg", "250mg"), (30, 60, 90)),
    ("Tizanidine", "muscle_relaxant", ("4mg", "2mg"), (60, 90)),
    ("Zanaflex", "muscle_relaxant", ("4mg",), (60, 90)),
    ("Baclofen", "muscle_relaxant", ("10mg", "20mg"), (60, 90)),
    ("Methocarbamol", "muscle_relaxant", ("750mg", "500mg"), (60, 90)),
    ("Gabapentin", "aed", ("300mg", "600mg", "800mg"), (60, 90, 120)),
    ("Neurontin", "aed", ("300mg", "600mg"), (60, 90)),
    ("Lyrica", "aed", ("75mg", "50mg", "150mg"), (60, 90)),
    ("Topamax", "aed", ("25mg", "50mg"), (60,)),
    ("Celebrex", "nsaid", ("200mg", "100mg"), (30, 60)),
    ("Naproxen", "nsaid", ("550mg", "500mg"), (60, 90)),
    ("Anaprox DS", "nsaid", ("550mg",), (60, 90)),
    ("Naprosyn", "nsaid", ("500mg",), (60,)),
    ("Ibuprofen", "nsaid", ("800mg", "600mg"), (60, 90)),
    ("Motrin", "nsaid", ("800mg",), (60, 90)),
    ("Meloxicam", "nsaid", ("15mg", "7.5mg"), (30, 60)),
    ("Mobic", "nsaid", ("15mg", "7.5mg"), (30,)),
    ("Diclofenac sodium ER", "nsaid", ("100mg", "75mg"), (60,)),
    ("Nabumetone", "nsaid", ("750mg", "500mg"), (60, 90)),
    ("Omeprazole", "ppi", ("20mg", "40mg"), (30, 60)),
    ("Prilosec", "ppi", ("20mg",), (30, 60)),
    ("Pantoprazole", "ppi", ("20mg", "40mg"), (30, 60)),
    ("Protonix", "ppi", ("40mg",), (30,)),
    ("Ranitidine", "ppi", ("150mg", "300mg"), (60,)),
    ("Ambien", "sleep", ("10mg", "5mg", "12.5mg"), (30,)),
    ("Zolpidem", "sleep", ("10mg", "5mg"), (30,)),
    ("Lunesta", "sleep", ("2mg", "3mg"), (30,)),
    ("Xanax", "benzo", ("0.5mg", "1mg", "0.25mg"), (30, 60, 90)),
    ("Alprazolam", "benzo", ("0.5mg", "1mg"), (60, 90)),
    ("Valium", "benzo", ("5mg", "10mg"), (30, 60)),
    ("Diazepam", "benzo", ("5mg", "10mg"), (30, 60)),
    ("Klonopin", "benzo", ("0.5mg", "1mg"), (30, 60)),
    ("Cymbalta", "antidepressant", ("60mg", "30mg"), (30, 60)),
    ("Duloxetine", "antidepressant", ("60mg", "30mg"), (30,)),
    ("Amitriptyline", "antidepressant", ("25mg", "10mg", "50mg"), (30, 60)),
    ("Trazodone", "antidepressant", ("50mg", "100mg"), (30, 60)),
    ("Lidoderm", "topical", ("5%",), (30, 60, 90)),
    ("Terocin patches", "topical", ("4%",), (10, 20, 30)),
    ("Voltaren gel", "topical", ("1%",), (1, 2, 3)),
    ("Dendracin lotion", "topical", ("120ml",), (1,)),
    ("Menthoderm gel", "topical", ("120gm", "240gm"), (1,)),
    ("Theramine", "medfood", ("",), (90, 120, 180)),
    ("Sentra PM", "medfood", ("",), (60, 90)),
    ("Trepadone", "medfood", ("",), (60, 120)),
    ("Colace", "gi", ("100mg", "250mg"), (60, 100)),
    ("Senna", "gi", ("8.6mg",), (60, 100)),
    ("Docusate sodium", "gi", ("100mg",), (60,)),
    ("Zofran", "gi", ("4mg", "8mg"), (10, 20, 30)),
    ("Medrol Dosepak", "steroid", ("4mg",), (1, 21)),
    ("Prednisone", "steroid", ("10mg", "20mg"), (10, 21)),
    ("Toradol", "nsaid", ("10mg",), (20,)),
    ("Fioricet", "other_drug", ("50/325/40mg",), (30, 60)),
    ("Imitrex", "other_drug", ("50mg", "100mg"), (9, 18)),
    ("Viagra", "other_drug", ("50mg", "100mg"), (10, 30)),
    ("Hydroxyzine", "other_drug", ("25mg", "50mg"), (30, 60)),
]

COMPOUND_INGREDIENTS = (
    ("Flurbiprofen", (10, 15, 20, 25)), ("Ketoprofen", (10, 20)), ("Baclofen", (2, 5, 10)),
    ("Cyclobenzaprine", (2, 4, 6, 10)), ("Gabapentin", (6, 10, 15)), ("Lidocaine", (2, 4, 5)),
    ("Amitriptyline", (2, 4, 10)), ("Tramadol", (5, 8, 10)), ("Capsaicin", (0.025, 0.0375)),
    ("Menthol", (2, 5)), ("Camphor", (2, 1)), ("Dexamethasone", (2,)), ("Bupivacaine", (5,)),
)  # fmt: skip


def _drug(rng: random.Random) -> tuple[str, str]:
    name, topic, strengths, quantities = rng.choice(DRUG_CHOICES)
    strength = rng.choice(strengths)
    qty = rng.choice(quantities)
    s = f" {strength}" if strength else ""
    form = rng.random()
    if form < 0.45:
        text = f"{name}{s} #{qty}"
    elif form < 0.6:
        text = f"{name}{s}, #{qty}"
    elif form < 0.7:
        text = f"{name}{s} quantity {qty}"
    elif form < 0.78:
        text = f"{name}{s} ({qty} tablets)" if topic not in ("topical", "medfood") else f"{name}{s} #{qty}"
    elif form < 0.86:
        text = f"{name}{s}"
    elif form < 0.93:
        text = f"Retrospective {name}{s} #{qty} (DOS {rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(13, 25)})"
    else:
        text = f"{name}{s} #{qty} with {rng.randint(1, 3)} refills"
    return text, topic


def _compound(rng: random.Random) -> tuple[str, str]:
    picks = rng.sample(COMPOUND_INGREDIENTS, rng.randint(2, 4))
    parts = [f"{name} {rng.choice(pcts)}%" for name, pcts in picks]
    sep = rng.choice((", ", "/", " / "))
    base = rng.choice(("cream", "in cream base", "topical cream", "compound cream"))
    grams = rng.choice(("", " 180gm", " 240gm", " 30gm"))
    return f"{sep.join(parts)} {base}{grams}", "compound"


def _sess(rng: random.Random) -> str:
    f = rng.choice(("n", "x", "wk", "paren"))
    n = rng.choice((4, 6, 8, 10, 12, 18, 24))
    if f == "n":
        return f"{n} sessions"
    if f == "x":
        return f"x{n}" if rng.random() < 0.5 else f"x {n}"
    a = rng.choice((2, 3))
    b = rng.choice((3, 4, 6))
    return f"{a}x{b}" if f == "wk" else f"{a * b} sessions ({a}x{b})"


def _region(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(REGIONS)
    return f"{rng.choice(SIDES)} {rng.choice(JOINTS)}"


def _therapy(kind: str, topic: str) -> Callable[[random.Random], tuple[str, str]]:
    def make(rng: random.Random) -> tuple[str, str]:
        r = rng.random()
        if r < 0.4:
            return f"{kind} of the {_region(rng)}, {_sess(rng)}", topic
        if r < 0.7:
            return f"{kind} {_sess(rng)} for the {_region(rng)}", topic
        if r < 0.85:
            return f"{kind} 2 times a week for {rng.choice((3, 4, 6))} weeks for the {_region(rng)}", topic
        return f"{kind} {_sess(rng)}", topic

    return make


def _simple(topic: str, *templates: str) -> Callable[[random.Random], tuple[str, str]]:
    def make(rng: random.Random) -> tuple[str, str]:
        t = rng.choice(templates)
        return t.format(
            side=rng.choice(SIDES[:2]),
            Side=rng.choice(SIDES).capitalize(),
            joint=rng.choice(JOINTS),
            spine=rng.choice(SPINES),
            level=rng.choice(LEVELS),
            n=rng.choice((2, 3, 4, 6)),
            region=_region(rng),
        ), topic

    return make


MAKERS: list[tuple[float, Callable[[random.Random], tuple[str, str]]]] = [
    (40.0, _drug),
    (6.0, _compound),
    (5.0, _therapy("Physical therapy", "pt")),
    (1.5, _therapy("Occupational therapy", "pt")),
    (3.0, _therapy("Acupuncture", "acupuncture")),
    (2.5, _therapy("Chiropractic treatment", "chiro")),
    (1.5, _therapy("Massage therapy", "massage")),
    (6.0, _simple("imaging", "MRI of the {spine}", "MRI of the {side} {joint} without contrast",
                  "X-rays of the {side} {joint}", "CT scan of the {spine}", "MRI of the {spine} without contrast")),
    (2.5, _simple("emg", "EMG/NCV of the bilateral upper extremities", "EMG/NCS of the bilateral lower extremities",
                  "NCV of the {side} upper extremity", "Electromyography of the bilateral lower extremities")),
    (2.0, _simple("lab", "Urine drug screen", "Retrospective urine toxicology screen", "Comprehensive metabolic panel",
                  "Urine drug testing")),
    (1.0, _simple("fce", "Functional capacity evaluation", "Sleep study")),
    (3.0, _simple("estim", "TENS unit", "TENS unit purchase", "TENS unit rental for {n} months",
                  "H-wave unit purchase", "Interferential unit rental", "TENS unit supplies and electrodes")),
    (2.0, _simple("dme", "Hot/cold therapy unit", "Cold therapy unit rental for 7 days", "Home cervical traction unit",
                  "Motorized wheelchair", "Four-wheeled walker", "Continuous passive motion machine for {n} weeks")),
    (1.5, _simple("orthotic", "{Side} knee brace", "Lumbar support brace", "Custom orthotics", "{Side} wrist splint")),
    (1.5, _simple("program", "Functional restoration program x 80 hours", "Functional restoration program evaluation",
                  "Multidisciplinary pain program, 10 days", "Weight loss program")),
    (1.5, _simple("psych", "Cognitive behavioral therapy, {n} sessions", "Psychotherapy x{n}", "Psychological evaluation")),
    # biofeedback sessions are a clinic modality (Rehabilitation / Other Therapies): the physical medicine prose
    (0.4, _simple("pt", "Biofeedback {n} sessions")),
    (0.8, _simple("homehealth", "Home health care 4 hours per day, 5 days per week", "Home health aide 6 hours per day")),
    (0.4, _simple("transport", "Transportation to and from medical appointments")),
    (2.5, _simple("consult", "Pain management consultation", "Orthopedic consultation for the {side} {joint}",
                  "Follow-up visit with the primary treating physician", "Neurology consultation",
                  "Orthopedic surgery consultation", "Internal medicine evaluation")),
    (4.0, _simple("injection", "Lumbar epidural steroid injection at {level}", "Cervical epidural steroid injection at {level}",
                  "{Side} {joint} cortisone injection", "Trigger point injections x{n}", "{Side} sacroiliac joint injection")),
    (2.0, _simple("facet", "{Side} {level} medial branch block", "{Side} {level} facet injections",
                  "{Side} {level} radiofrequency ablation")),
    (2.0, _simple("arthroscopy", "{Side} knee arthroscopy with partial meniscectomy", "{Side} shoulder arthroscopy with subacromial decompression",
                  "{side} knee arthroscopy", "Arthroscopic labral repair of the {side} hip")),
    (1.5, _simple("spine_surgery", "{level} microdiscectomy", "{level} posterior lumbar fusion", "Anterior cervical discectomy and fusion at {level}",
                  "Spinal cord stimulator trial", "{level} laminectomy")),
    (1.5, _simple("surgery", "{Side} carpal tunnel release", "{Side} total knee arthroplasty", "{Side} cubital tunnel release",
                  "Open reduction internal fixation of the {side} ankle")),
    (0.7, _simple("adjunct", "Assistant surgeon", "Inpatient stay x 2 days")),
    # a pre-operative clearance is a visit (Evaluation & Management / Medical Specialties): the visit prose
    (0.3, _simple("consult", "Pre-operative medical clearance")),
]  # fmt: skip

_WEIGHTS = [w for w, _ in MAKERS]
_FUNCS = [f for _, f in MAKERS]


def random_request(rng: random.Random) -> tuple[str, str]:
    """One request text and its topic."""
    maker = rng.choices(_FUNCS, weights=_WEIGHTS)[0]
    text, topic = maker(rng)
    return text[0].upper() + text[1:], topic
