# ruff: noqa: E501  (sentence banks)
"""Rationale paragraphs, guideline citations and case summaries.

Sentences vary by topic and by decision so full-text search has real
clinical language to find (spasm documented or not, functional
improvement, urine drug screens, conservative care ...).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

# topic -> (MTUS chapter, MTUS section, pages, ODG chapter, guideline statement sentences)
TOPICS: dict[str, tuple[str, str, str, str, tuple[str, ...]]] = {
    "opioid": ("Chronic Pain", "Opioids, criteria for use", "76-80", "Pain", (
        "The MTUS Guidelines state that ongoing opioid management requires documentation of pain relief, functional status, appropriate medication use, and side effects.",
        "Guidelines recommend that opioids be discontinued if there is no overall improvement in function, unless there are extenuating circumstances.",
        "The 4 A's for ongoing monitoring include analgesia, activities of daily living, adverse side effects, and aberrant drug-taking behaviors.",
        "Long-term opioid use is not supported for chronic non-malignant pain without objective functional improvement.")),
    "antagonist": ("Chronic Pain", "Opioids, specific drug list", "93", "Pain", (
        "Naloxone is indicated for the emergency treatment of known or suspected opioid overdose.",
        "Guidelines support naloxone for patients on high dose opioids or with a history of overdose.")),
    "muscle_relaxant": ("Chronic Pain", "Muscle relaxants (for pain)", "63-66", "Pain", (
        "The MTUS Guidelines recommend non-sedating muscle relaxants with caution as a second-line option for short-term treatment of acute exacerbations in patients with chronic low back pain.",
        "Efficacy appears to diminish over time, and prolonged use of some medications in this class may lead to dependence.",
        "Muscle relaxants are not recommended for longer than 2 to 3 weeks.")),
    "aed": ("Chronic Pain", "Anti-epilepsy drugs (AEDs)", "16-22", "Pain", (
        "Anti-epilepsy drugs are recommended for neuropathic pain due to nerve damage.",
        "A good response to the use of AEDs has been defined as a 50% reduction in pain and a moderate response as a 30% reduction.",
        "After initiation of treatment there should be documentation of pain relief and improvement in function as well as documentation of side effects.")),
    "nsaid": ("Chronic Pain", "NSAIDs (non-steroidal anti-inflammatory drugs)", "67-73", "Pain", (
        "NSAIDs are recommended at the lowest dose for the shortest period in patients with moderate to severe pain.",
        "There is no evidence of long-term effectiveness of NSAIDs for pain or function.",
        "Guidelines caution that NSAIDs carry gastrointestinal, cardiovascular and renal risks.")),
    "ppi": ("Chronic Pain", "NSAIDs, GI symptoms & cardiovascular risk", "68-69", "Pain", (
        "Proton pump inhibitors are recommended for patients at intermediate or high risk for gastrointestinal events who are taking NSAIDs.",
        "Risk factors include age over 65, a history of peptic ulcer, GI bleeding or perforation, and concurrent use of aspirin or corticosteroids.")),
    "sleep": ("Chronic Pain", "Insomnia treatment", "", "Mental Illness & Stress", (
        "Zolpidem is approved for the short-term treatment of insomnia, usually two to six weeks.",
        "Sleep medications are rarely recommended for long-term use, and the causes of sleep disturbance should be evaluated.")),
    "benzo": ("Chronic Pain", "Benzodiazepines", "24", "Pain", (
        "Benzodiazepines are not recommended for long-term use because long-term efficacy is unproven and there is a risk of dependence.",
        "Most guidelines limit use to 4 weeks.")),
    "antidepressant": ("Chronic Pain", "Antidepressants for chronic pain", "13-16", "Pain", (
        "Antidepressants are recommended as a first line option for neuropathic pain and as a possibility for non-neuropathic pain.",
        "Assessment of treatment efficacy should include pain outcomes, evaluation of function, changes in use of other analgesic medication, sleep quality and duration, and psychological assessment.")),
    "topical": ("Chronic Pain", "Topical analgesics", "111-113", "Pain", (
        "Topical analgesics are largely experimental in use, with few randomized controlled trials to determine efficacy or safety.",
        "Topical lidocaine may be recommended for localized peripheral pain after there has been evidence of a trial of first-line therapy.",
        "Topical NSAIDs are indicated for osteoarthritis of joints amenable to topical treatment.")),
    "compound": ("Chronic Pain", "Topical analgesics", "111-113", "Pain", (
        "Any compounded product that contains at least one drug or drug class that is not recommended is not recommended.",
        "Topical analgesics are primarily recommended for neuropathic pain when trials of antidepressants and anticonvulsants have failed.",
        "Gabapentin and baclofen are not recommended for topical use.")),
    "medfood": ("Chronic Pain", "Medical food", "", "Pain", (
        "Medical foods are not recommended for chronic pain.",
        "There is no quality evidence that medical foods such as Theramine are effective for the treatment of chronic pain.")),
    "gi": ("Chronic Pain", "Opioids, initiating therapy", "77", "Pain", (
        "Prophylactic treatment of constipation should be initiated when opioids are prescribed.",
        "Antiemetics are not recommended for nausea and vomiting secondary to chronic opioid use.")),
    "steroid": ("Low Back Complaints", "Oral corticosteroids", "", "Low Back", (
        "Oral corticosteroids are not recommended for chronic pain and have limited support for acute radicular pain.",)),
    "other_drug": ("Chronic Pain", "Medications for chronic pain", "60", "Pain", (
        "Medications should be trialed one at a time and relief of pain and improvement in function should be documented.",
        "The guidelines do not specifically address this medication, so other evidence-based sources were consulted.")),
    "pt": ("Chronic Pain", "Physical medicine", "98-99", "Low Back", (
        "The MTUS Guidelines allow for fading of treatment frequency plus active self-directed home physical medicine.",
        "Guidelines recommend 9 to 10 visits over 8 weeks for myalgia and myositis and 8 to 10 visits over 4 weeks for neuralgia, neuritis, and radiculitis.",
        "Patients are instructed and expected to continue active therapies at home as an extension of the treatment process.")),
    "acupuncture": ("Acupuncture Medical Treatment", "Acupuncture", "8-9", "Pain", (
        "Acupuncture is used as an option when pain medication is reduced or not tolerated, and may be used as an adjunct to physical rehabilitation.",
        "The time to produce functional improvement is 3 to 6 treatments, and treatments may be extended if functional improvement is documented.")),
    "chiro": ("Chronic Pain", "Manual therapy & manipulation", "58-60", "Low Back", (
        "Manual therapy and manipulation are recommended for chronic pain if caused by musculoskeletal conditions.",
        "A trial of 6 visits over 2 weeks is recommended, with evidence of objective functional improvement allowing up to 18 visits over 6 to 8 weeks.")),
    "massage": ("Chronic Pain", "Massage therapy", "60", "Low Back", (
        "Massage therapy should be an adjunct to other recommended treatment such as exercise, and it should be limited to 4 to 6 visits in most cases.",
        "Massage is a passive intervention and treatment dependence should be avoided.")),
    "imaging": ("Low Back Complaints", "Special Studies", "303-305", "Low Back", (
        "Unequivocal objective findings that identify specific nerve compromise on the neurologic examination are sufficient evidence to warrant imaging in patients who do not respond to treatment.",
        "Imaging is indicated when there are red flags, progressive neurologic deficit, or when surgery is being considered.")),
    "emg": ("Low Back Complaints", "Special Studies", "303", "Low Back", (
        "Electromyography may be useful to identify subtle focal neurologic dysfunction in patients with symptoms lasting more than three or four weeks.",
        "Nerve conduction studies are not recommended when the patient is presumed to have symptoms on the basis of radiculopathy.")),
    "lab": ("Chronic Pain", "Drug testing", "43", "Pain", (
        "Drug testing is recommended as an option to assess for the use or the presence of illegal drugs.",
        "Frequency of urine drug testing should be based on documented evidence of risk stratification.")),
    "fce": ("Chronic Pain", "Work conditioning, work hardening", "125", "Fitness for Duty", (
        "A functional capacity evaluation is recommended prior to admission to a work hardening program.",
        "Guidelines do not support a functional capacity evaluation if the sole purpose is to determine a worker's effort or compliance.")),
    "estim": ("Chronic Pain", "Transcutaneous electrotherapy", "114-116", "Pain", (
        "TENS is not recommended as a primary treatment modality, but a one-month home-based TENS trial may be considered as a noninvasive conservative option.",
        "Use of a TENS unit requires documentation of a one-month trial with documentation of how often the unit was used and outcomes in terms of pain relief and function.")),
    "dme": ("Knee Complaints", "Physical Methods", "338", "Knee & Leg", (
        "Durable medical equipment is recommended if there is a medical need and if the device or system meets the definition of durable medical equipment.",
        "At-home local applications of heat or cold are as effective as those performed by therapists.")),
    "orthotic": ("Low Back Complaints", "Physical Methods", "301", "Low Back", (
        "Lumbar supports have not been shown to have any lasting benefit beyond the acute phase of symptom relief.",
        "Bracing may be recommended for short-term use after an acute injury.")),
    "program": ("Chronic Pain", "Functional restoration programs (FRPs)", "30-32", "Pain", (
        "Functional restoration programs are recommended where there is access to programs with proven successful outcomes for patients with conditions that put them at risk of delayed recovery.",
        "An adequate and thorough evaluation including baseline functional testing is required before entry into a program.")),
    "psych": ("Chronic Pain", "Behavioral interventions", "23", "Mental Illness & Stress", (
        "Cognitive behavioral therapy is recommended, with an initial trial of 3 to 4 psychotherapy visits over 2 weeks.",
        "With evidence of objective functional improvement, a total of up to 6 to 10 visits over 5 to 6 weeks may be appropriate.")),
    "homehealth": ("Chronic Pain", "Home health services", "51", "Low Back", (
        "Home health services are recommended only for otherwise recommended medical treatment for patients who are homebound, on a part-time or intermittent basis, generally up to no more than 35 hours per week.",
        "Medical treatment does not include homemaker services like shopping, cleaning, and laundry.")),
    "transport": ("Chronic Pain", "Introduction", "1", "Knee & Leg", (
        "Transportation to appointments is recommended for medically necessary appointments in the same community for patients with disabilities preventing them from self-transport.",)),
    "consult": ("Chronic Pain", "Introduction", "1", "Pain", (
        "A referral may be appropriate if the practitioner is uncomfortable with the line of inquiry, with treating a particular cause of delayed recovery, or has difficulty obtaining information or agreement to a treatment plan.",
        "Office visits are determined to be medically necessary based on the patient's concerns, signs and symptoms, clinical stability, and reasonable physician judgment.")),
    "injection": ("Chronic Pain", "Epidural steroid injections (ESIs)", "46", "Low Back", (
        "Epidural steroid injections are recommended as an option for the treatment of radicular pain, defined as pain in a dermatomal distribution with corroborative findings of radiculopathy.",
        "Radiculopathy must be documented by physical examination and corroborated by imaging studies and/or electrodiagnostic testing.",
        "Repeat blocks should be based on continued objective documented pain and functional improvement, including at least 50% pain relief for six to eight weeks.")),
    "facet": ("Low Back Complaints", "Facet injections", "300-301", "Low Back", (
        "Facet joint diagnostic blocks are limited to patients with low back pain that is non-radicular and at no more than two levels bilaterally.",
        "There should be documentation of failure of conservative treatment including home exercise, physical therapy and NSAIDs for at least 4 to 6 weeks.")),
    "arthroscopy": ("Knee Complaints", "Surgical Considerations", "344-345", "Knee & Leg", (
        "Arthroscopic partial meniscectomy usually has a high success rate for cases in which there is clear evidence of a meniscus tear.",
        "Surgical referral is indicated for activity limitation for more than one month and failure of an exercise program to increase range of motion and strength.")),
    "spine_surgery": ("Low Back Complaints", "Surgical Considerations", "305-307", "Low Back", (
        "Surgical consideration is indicated for severe and disabling lower leg symptoms in a distribution consistent with abnormalities on imaging studies.",
        "There should be clear clinical, imaging, and electrophysiologic evidence of a lesion that has been shown to benefit in both the short and long term from surgical repair.")),
    "surgery": ("Forearm, Wrist, and Hand Complaints", "Surgical Considerations", "270", "Carpal Tunnel Syndrome", (
        "Surgical decompression is recommended when symptoms persist despite conservative treatment and the diagnosis is confirmed by electrodiagnostic studies.",
        "Surgery should be considered only after failure of a course of conservative care.")),
    "adjunct": ("Chronic Pain", "Introduction", "1", "Low Back", (
        "Preoperative testing is often performed before surgical procedures, guided by the patient's clinical history, comorbidities, and physical examination findings.",
        "An assistant surgeon may be warranted for complex procedures.")),
}  # fmt: skip

# How a rationale's closing sentence starts ("Therefore, the request for X is not medically necessary.").
CLOSING_LEADS = ("The request for", "Therefore, the request for", "As such, the request for")
# The end of a sentence of the banks above (none holds an abbreviation).
_SENTENCE_END = re.compile(r"\. (?=[A-Z0-9])")

NEGATIVE = (
    "The medical records do not document objective functional improvement with the prior use of this treatment.",
    "There is no documentation of a reduction in pain scores or an increase in activities of daily living.",
    "Muscle spasm was not documented on the most recent examination.",
    "There is no documentation of a home exercise program.",
    "The requested quantity exceeds the guideline recommendations.",
    "There is no documentation of failure of first-line therapy.",
    "There were no red flags or progressive neurologic deficits documented.",
    "The records do not include a recent urine drug screen or a signed pain agreement.",
    "The injured worker has already completed prior sessions without documented objective benefit.",
    "The rationale for the request was not provided in the medical records.",
    "There is no documentation that the injured worker is at intermediate or high risk for gastrointestinal events.",
    "Given the chronicity of the injury, continued use is not supported.",
)
POSITIVE = (
    "The records document a decrease in pain from 8/10 to 4/10 with the medication and improved tolerance for walking and sitting.",
    "Muscle spasm was documented on examination of the paralumbar musculature.",
    "The treating physician documented objective functional improvement, including an increase in work hours.",
    "A urine drug screen was consistent with the prescribed medications and a pain agreement is on file.",
    "The injured worker has failed conservative care including physical therapy, NSAIDs and a home exercise program.",
    "Radicular findings on examination are corroborated by the MRI findings.",
    "The injured worker has a history of gastritis while taking NSAIDs.",
    "The request is consistent with the guideline recommendations for an initial trial.",
)
OTHER_SOURCES = (
    "UpToDate, Drug information",
    "FDA.gov, Prescribing Information",
    "Work Loss Data Institute, Treatment in Workers Compensation",
    "American Academy of Orthopaedic Surgeons (AAOS) Clinical Practice Guideline",
    "National Guideline Clearinghouse",
)


@dataclass(slots=True)
class Citation:
    source: str  # MTUS, ACOEM, ODG, other
    citation: str  # as written after "Decision based on [Non-MTUS Citation]"
    pages: str | None
    non_mtus: bool  # written with "Non-MTUS Citation"


def citation(rng: random.Random, topic: str, era: str) -> Citation:
    """One guideline citation in the style of the era ('2013', '2014' or '2016')."""
    chapter, section, pages, odg, _ = TOPICS[topic]
    kind = rng.choices(("MTUS", "ODG", "ACOEM", "other"), weights=(60, 22, 12, 6))[0]
    if kind == "MTUS":
        if era == "2016":
            year = "2016" if chapter == "Chronic Pain" else rng.choice(("2004", "2007"))
            name = "Chronic Pain Medical Treatment" if chapter == "Chronic Pain" else chapter
            return Citation("MTUS", f"MTUS {name} {year}, Section(s): {section}", None, False)
        if era == "2013":
            name = (
                "Chronic Pain Medical Treatment Guidelines (May 2009)"
                if chapter == "Chronic Pain"
                else chapter
            )
            return Citation("MTUS", f"{name}, {section}", pages or None, False)
        name = "Chronic Pain Treatment Guidelines" if chapter == "Chronic Pain" else f"{chapter} Guidelines"
        return Citation("MTUS", f"MTUS {name} {section}", pages or None, False)
    if kind == "ODG":
        return Citation("ODG", f"Official Disability Guidelines (ODG), {odg} Chapter, {section}", None, True)
    if kind == "ACOEM":
        chap = rng.choice((8, 9, 12, 13))
        low = rng.randint(160, 330)
        return Citation(
            "ACOEM",
            f"ACOEM Occupational Medicine Practice Guidelines, 2nd Edition (2004), Chapter {chap}",
            f"{low}-{low + rng.randint(1, 12)}",
            False,
        )
    return Citation("other", rng.choice(OTHER_SOURCES), None, True)


def rationale(rng: random.Random, topic: str, request: str, upheld: bool, style: str) -> str:
    """The prose of one decision rationale (single paragraph)."""
    statements = TOPICS[topic][4]
    parts = rng.sample(statements, rng.randint(1, len(statements)))
    pool = NEGATIVE if upheld else POSITIVE
    parts += rng.sample(pool, rng.randint(1, 3))
    if style == "2013":
        verdict = (
            "is not medically necessary and appropriate"
            if upheld
            else "is medically necessary and appropriate"
        )
    else:
        verdict = rng.choice(
            ("is not medically necessary", "is determined to not be medically necessary")
            if upheld
            else ("is medically necessary", "is determined to be medically necessary")
        )
    lead = rng.choice(CLOSING_LEADS)
    parts.append(f"{lead} {request} {verdict}.")
    return " ".join(parts)


def rationale_paragraphs(text: str, split_first: bool) -> list[str]:
    """A rationale of :func:`rationale` as paragraphs: its closing sentence apart from the rest, and,
    when ``split_first``, its first sentence apart too (the paragraphs joined by spaces are ``text``)."""
    closing = max(text.rfind(f" {lead} ") for lead in CLOSING_LEADS) + 1
    if closing <= 0:
        return [text]
    body, paragraphs = text[: closing - 1], [text[closing:]]
    first = _SENTENCE_END.search(body) if split_first else None
    if first is not None:
        paragraphs.insert(0, body[first.end() :])
        body = body[: first.start() + 1]
    return [body, *paragraphs]
