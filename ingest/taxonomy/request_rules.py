# ruff: noqa: E501  (keyword-rule tables: one rule per line reads best)
"""Keyword rules that name a request's taxonomy row, and the matcher that applies them.

A request names one thing, often with its context: "Post-operative physical therapy after knee
arthroscopy", "Cold therapy unit rental following shoulder surgery", "Consult with hip replacement
specialist". The thing named first is what is asked for, so the rule whose match starts first
wins; at one position the rule listed first wins (``PT/PTT`` is a lab before ``PT`` is physical
therapy). All rules are one alternation, so one search finds that match.

Patterns are written in lower case and searched in the lower-cased request. A *weak* rule names
only a family ("surgery", "a cream", "medication"): it applies when no other rule matches, and the
decision's other parts may name its leaf; so may they for a rule that does not *settle* its leaf
(a repair or a debridement may be done open or through the arthroscope).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .rows import (
    ACUPUNCTURE,
    ADJUNCT,
    ARTHROSCOPIC,
    CHIRO,
    CLASS_WORDS,
    DENTAL,
    DME,
    DMEPOS,
    EMG,
    ESTIM,
    FACET,
    HOME_HEALTH,
    IMAGING,
    INJECTION,
    LAB,
    MEDICAL,
    MODALITY,
    NUTRITION,
    OPEN_SURGERY,
    ORTHOTIC,
    OTHER_TEST,
    PHARMA,
    PROGRAMS,
    PSYCH_EVAL,
    PSYCH_THERAPY,
    PT,
    SPINE,
    SUPPLIES,
    SURGICAL_CONSULT,
    TOPICAL_ANALGESICS,
    TOPICAL_COMPOUNDS,
    TRANSPORT,
    Row,
)


class Rule(NamedTuple):
    pattern: str
    row: Row
    weak: bool = False  # names only a family: applies when no other rule matches
    settles: bool = True  # False: the row's leaf may be named by the rest of the decision


# A named joint (or a limb part): a fusion or a release there is not spine surgery.
_JOINT = r"(?:ankle|wrist|subtalar|triple|thumb|toes?|finger|mtp|cmc|pip|dip|midfoot|hindfoot|knee|hip|shoulder|elbow|hand|foot)"
# A therapy named after "visits of", "referral to", "evaluation for": the therapy is the thing.
# Acupuncture as the letters spell it ("accupuncture", "acupunture").
_ACUPUNCTURE = r"acc?u-?pu(?:nc?|c)t\w*"
_THERAPY_AHEAD = rf"(?![^.;]{{0,30}}\b(?:therap\w*|chiro\w*|{_ACUPUNCTURE}|physio\w*|pt|ot|massage|psych\w*|rehab\w*|aqua\w*|manipulation|functional restoration|programs?|dent\w*|teeth|tooth)\b)"
# A psych word that qualifies a program ("psychiatric partial hospitalization"): the program is the thing.
_NOT_A_PROGRAM = r"(?! (?:partial|day|inpatient|residential|intensive|hospital\w*|programs?)\b)"
_HEAT_OR_COLD = r"(?:hot|cold|heat|ice|moist heat)"
# Sessions or visits named: an in-clinic treatment ("hot and cold packs, 8 sessions"), not a product.
_IN_SESSIONS = r"(?=[^.;]*?\b(?:sessions?|visits?|times (?:a|per) week|\d+ ?x ?\d+)\b)"
# Who a visit is with, when the request names it: a specialist, a physician, a kind of medicine.
_SPECIALTY = r"\bspecialist|\bsecond opinion|\b(?:pain|medication|case|chronic pain) management|\bphysician\b|\bdoctor\b|\bmd\b|\bpcp\b|\bptp\b|\binternist|\bneurolog\w*|\brheumatolog\w*|\bcardiolog\w*|\bendocrinolog\w*|\bgastroenterolog\w*|\bpulmonolog\w*|\burolog\w*|\bdermatolog\w*|\bophthalmolog\w*|\boptometr\w*|\botolaryngolog\w*|\bent\b|\bpodiatr\w*|\bphysiatr\w*|\bpm ?& ?r\b|\binternal medicine|\bpain medicine|\bsleep medicine|\b\w+ medicine\b|\btelemedicine|\btelehealth|\bqme\b|\bame\b|\bime\b|\bcase manag\w*|\bnurse case"
_NO_SPECIALTY = rf"(?![^.;]*(?:{_SPECIALTY}))"
# Cold and compression devices by their brands.
_COLD_DEVICE = r"\bcryo-?cuff|\bpolar ?care|\bgame ?ready|\bvascu-?therm|\biceman|\bq-?tech|\bcoolcare|\bsquid\b|\baircast cryo\w*"
# A therapy given by a chiropractor ("physiotherapy with the chiropractor") is chiropractic.
_NOT_BY_CHIRO = r"(?![^.;]{0,25}\b(?:by|with|from|at) (?:a |an |the )?chiro\w*)"
_NOT_AFTER = r"(?:(?!\b(?:after|following|post|status|s/p)\b)[^.;])"  # words up to a "... after surgery"

RULES: list[Rule] = [
    # -- surgical adjuncts and pre-/post-operative items: what a surgery needs is labeled as itself
    Rule(r"\bassistant surgeon|\bsurgical assist\w*|\bassist(?:ant|ing)? at surgery|\bco-?surgeon|\bphysician'?s? assistant|\bfirst assist\w*|\bpa-c\b|\bsurgical (?:pa|tech\w*)\b|\bassistant\b", ADJUNCT),
    Rule(r"\b(?:pre-?op\w* |post-?op\w* |peri-?op\w* )?(?:medical |surgical |cardiac |cardiology |cardiopulmonary |pulmonary |internal medicine )?clearance\b|\bhistory and physical\b|\bh ?& ?p\b|\bpre-?op\w* (?:evaluation|eval|consult\w*|visit|exam\w*|assessment|appointment)", MEDICAL),
    Rule(r"\bpartial hospitali\w*|\bday (?:program|treatment)\b|\bintensive outpatient\b|\biop\b|\bresidential (?:treatment|program)", PROGRAMS),
    Rule(r"\binpatient (?:stay|admission|hospital\w*|days?|care|surgery)\b|\bhospital (?:stay|admission|days?)\b|\blength of stay\b|\blos\b|\bovernight (?:stay|admission|observation)|\bobservation stay|\bhospitali[sz]ation\b|\banesthesi\w*|\banesthetist|\bsurgi(?:cal)? ?center|\bfacility fee|\boperating room", ADJUNCT),
    # -- laboratory tests (before physical therapy: "PT/PTT", "PT/INR")
    Rule(r"\bpt ?(?:/|,|and) ?(?:ptt|inr)\b|\bptt\b|\binr\b|\bprothrombin|\bcoagulation|\bcbc\b|\bcmp\b|\bbmp\b|\bmetabolic panel|\bchem(?:istry)?[- ]?(?:panel|\d+)\b|\blfts?\b|\bliver (?:function|panel|enzymes?)|\bhepatic (?:function|panel)|\brenal (?:function|panel)|\bkidney function|\bua\b|\burinalys[ie]s|\burine (?:drug|tox\w*|tests?|testing|screen\w*|analys[ie]s|culture|studies|sample)|\buds\b|\budt\b|\bdrug (?:screen\w*|tests?|testing|panels?)|\btox(?:icology)? screen\w*|\btoxicology(?! (?:consult\w*|evaluation|referral|specialist|visit))|\bblood (?:work|tests?|testing|draw|panel|count|studies)|\blabs?\b|\blaborator\w*|\blab (?:work|tests?|panels?)|\bhemoglobin|\bh ?& ?h\b|\ba1c\b|\bhba1c|\blipid (?:panel|profile)|\bthyroid (?:panel|function|tests?|studies)|\btsh\b|\bsed(?:imentation)? rate|\besr\b|\bcrp\b|\bc-reactive|\brheumatoid factor|\bana\b|\bhla-?b27|\buric acid|\bcultures?\b|\bbiops(?:y|ies)|\bpathology|\bgenetic (?:tests?|testing|screen\w*|profil\w*)|\bpharmacogen\w*|\bcyp ?450|\bdna (?:test\w*|screen\w*)|\belectrolytes|\bcreatinine|\b(?:serum|blood|vitamin [a-z0-9]+|testosterone|drug|b12|thyroid|hormone|medication) levels?\b|\bserum\b|\btype and screen|\bhepatitis (?:panel|screen\w*|test\w*)|\bhiv (?:test\w*|screen\w*)|\bpre-?op\w* (?:testing|tests|labs?|work-?up|studies)", LAB),
    # -- other diagnostic tests
    Rule(r"\b(?:ekg|ecg)s?\b|\belectrocardiogra\w*|\bechocardiogra\w*|\bstress test\w*|\bholter|\bsleep (?:study|studies|tests?|testing|evaluation)|\bpolysomnogra\w*|\bfunctional capacity|\bfce\b|\brange of motion (?:tests?|testing|measure\w*|eval\w*|stud\w*|exam\w*)|\b(?:computeri[sz]ed|computer) (?:rom|range of motion|muscle|strength|testing|functional)|\brom (?:tests?|testing|measure\w*|study)|\bgrip (?:strength|tests?|testing|measure\w*|dynamomet\w*)|\bpinch (?:strength|tests?|testing)|\bmuscle (?:strength )?tests?\b|\bmuscle testing|\bstrength (?:tests?|testing|assessment)|\bdynamomet\w*|\bfunctional (?:improvement )?(?:tests?|testing|measure\w*|assessment)|\bvideonystagmogra\w*|\bvng\b|\baudiogra\w*|\baudiometr\w*|\bhearing (?:tests?|testing|eval\w*|exam\w*)|\btympanogra\w*|\bsudoscan|\bquantitative sensory|\bqst\b|\bautonomic (?:tests?|testing|function)|\bpulmonary function|\bspirometr\w*|\bthermogra\w*|\bankle[- ]brachial|\bvestibular (?:tests?|testing|eval\w*)|\bneurometer|\bcurrent perception|\bvideo (?:eeg|fluoroscopic swallow)|\beeg\b|\belectroencephalogra\w*|\bdiagnostic (?:tests?|testing)\b", OTHER_TEST),
    # -- electrodiagnostics (before imaging: "nerve conduction ... and MRI")
    Rule(r"\bemg|\bncvs?\b|\bncs\b|\belectromyogra\w*|\bnerve conduction|\belectrodiagnos\w*|\beds\b|\bssep|\bsomatosensory|\bevoked potential|\bh-?reflex|\bf-?wave|\bneuro-?monitor\w*|\bneuro-?physiolog\w* monitor\w*|\bintra-?op\w* (?:neuro\w* )?monitor\w*|\bionm\b", EMG),
    # -- therapeutic ultrasound, a modality (before ultrasound, an imaging study)
    Rule(r"\btherapeutic ultrasound|\bultrasound (?:therapy|treatments?|sessions?|x ?\d|\d+ ?x|\d+ (?:sessions|times|visits))|\bphonophoresis|\biontophoresis", MODALITY),
    Rule(r"(?<!under )\b(?:mri|mra|mrn|magnetic resonance|ct|cat scan|computed tomography|x-?rays?|xrays?|c?xrs?|radiograph\w*|films?|imaging|bone scans?|scans?|arthrograms?|myelogra\w*|discogra\w*|dexa|bone density|spect|pet|sonogra\w*|ultrasound|doppler|duplex|fluoroscop\w*|mr arthrogram)\b(?![- ]?guid\w*)", IMAGING),
    # -- stimulation: a unit is a device, sessions are a modality
    Rule(r"\bbone (?:growth )?stimulat\w*", DME),
    Rule(r"\b(?:tens|h-?wave|interferential|nmes|ems|e-?stim\w*|electrical (?:muscle |nerve )?stimulat\w*|electric (?:muscle )?stim\w*|neuromuscular (?:electrical )?stimulat\w*|muscle stimulat\w*|galvanic|micro-?current|pemf|electrotherapy)\b[^.;,]{0,25}?\b(?:units?|devices?|machines?|stimulators?|purchase|rental|rent|trial|supplies|electrodes|patches|pads|batter\w*|lead wires?|garments?|home)\b", ESTIM),
    Rule(r"\btens\b|\bh-?wave|\bnmes\b|\bems unit|\bmuscle stimulators?|\bif unit|\binterferential|\bmicro-?current|\bpemf\b|\btranscutaneous|\bscrambler|\bcalmare", ESTIM),
    Rule(r"\be-?stim\w*|\belectrical (?:muscle |nerve )?stimulation|\belectric (?:muscle )?stim\w*|\belectro-?stim\w*|\bgalvanic|\belectrotherapy", MODALITY),
    # -- orthotics and prosthetics (before DME: "CAM walker" is a boot)
    Rule(r"\bbraces?\b|\bbracing\b|\borthotics?\b|\borthos[ie]s\b|\borthopedic (?:shoes?|inserts?)|\bsplints?\b|\bsplinting\b|\binsoles?\b|\bshoe inserts?|\barch supports?|\bheel (?:cups?|lifts?|wedges?|pads?)|\bslings?\b|\bultrasling|\bimmobili[sz]er\w*|\bcollars?\b|\blso\b|\btlso\b|\bctlso\b|\bafo\b|\bkafo\b|\blumbar (?:support|corset|binder)|\bback support|\bcorset|\bknee (?:sleeve|support|immobili\w*)|\bankle (?:support|stirrup)|\bwrist (?:support|guard)|\b(?:cam|walking|walker|moon|post-?op\w*|surgical|fracture|diabetic|orthopedic|custom|extra[- ]depth) (?:boots?|shoes?)|\bcam walker|\bprosthe\w*|\bhearing aids?\b|\babduction (?:pillow|sling|brace|wedge)|\bspica\b|\bcock-?up|\bunloader|\bshoe lifts?|\bsupportive shoes?|\b(?:counter-?force|tennis elbow|golfer'?s elbow|epicondyl\w*|elbow|patell\w*|knee|wrist|forearm|cho-?pat) (?:straps?|bands?)\b|\bstraps?\b|\bsneakers|\btennis shoes|\bfoot ?wear", ORTHOTIC),
    Rule(rf"\b{_HEAT_OR_COLD}(?:(?: and | or |/){_HEAT_OR_COLD})?(?: ?(?:packs?|therapy|treatments?|modalit\w*))?\b(?![^.;,]{{0,20}}\b(?:units?|machines?|devices?|systems?)\b){_IN_SESSIONS}", MODALITY),
    # -- supplies (wraps and pads of a unit are supplies; before DME: "cold therapy wrap")
    Rule(r"\b(?:cold|ice|heat|hot|hot/cold|cryo\w*|compression|thermal|gel)(?: therapy)? (?:wraps?|pads?|sleeves?|packs?)\b|\belectrodes?\b|\bbatter(?:y|ies)\b|\blead wires?|\bsupplies\b|\bdressings?\b|\bbandages?\b|\bgauze|\bace wraps?|\bwraps?\b|\bcompression (?:stockings?|garments?|socks?|hose)|\bted hose|\bstockings\b|\bgloves?\b|\bcatheters?|\bdiapers?|\bincontinence|\bsyringes?|\blancets?|\btest strips|\bostomy|\bconductive garment|\b(?:kinesio\w* |k-|athletic |rock ?|elastic |therapeutic )?tapes?\b(?! (?:sessions?|visits?|treatments?))", SUPPLIES),
    # the wrap or the pad of a named device is a supply ("Game Ready wrap"; "unit with wrap" is the unit)
    Rule(rf"(?:{_COLD_DEVICE})(?: \w+)? (?:wraps?|pads?|sleeves?)\b", SUPPLIES),
    # -- durable medical equipment
    Rule(rf"\bcold (?:therapy|compression|unit|flow)|\bcryotherapy|{_COLD_DEVICE}|\bcryo unit|\bvasopneumatic|\bpneumatic compression|\bsequential compression|\bcompression (?:units?|devices?|pumps?|therapy|system|machine)|\bdvt\b|\bintermittent (?:limb )?compression|\bhot/cold|\bhot and cold|\bheat/cold|\bheat and cold|\bthermal (?:therapy|unit)|\bice (?:machine|unit|therapy|man)|\bcpm\b|\bcontinuous passive motion|\bwheel ?chairs?|\bscooters?|\bwalkers?\b|\brollators?|\bcrutch\w*|\bcanes?\b|\bbeds?\b|\bmattress\w*|\bchairs?\b|\brecliner|\bpillows?\b|\bshower|\bcommode|\b(?:tub|bath|bathtub|shower|transfer)\s+(?:\w+\s+)?(?:bench|seat|chair|board)\b|\btransfer (?:bench|board)|\bgrab bars?|\braised toilet|\btoilet seat|\bgrabber|\breachers?\b|\btraction (?:units?|devices?|machines?)|\bhome (?:cervical |lumbar )?traction|\bsaunders|\bpronex|\btreadmill|\bexercise (?:equipment|bikes?|bicycle|machines?|balls?|kits?|bands?|mat)|\bstationary (?:bike|bicycle)|\bgym (?:membership|access)|\bpool (?:membership|access)|\bymca\b|\bhealth club|\bdme\b|\bdurable medical|\bwork ?stations?|\bsit[- ]stand|\bstanding desk|\bergonomic \w+|\bdesks?\b|\bkeyboards?|\bmouse\b|\bheadsets?|\bparaffin (?:(?:bath|wax) )?(?:units?|machines?|devices?)|\bparaffin (?:bath|wax) (?:purchase|rental|for (?:the )?home)|\bheating pads?|\bhumidifier|\bcpap|\bbipap|\bnebuli[sz]er|\binfrared (?:unit|device|lamp)|\binversion table|\b(?:patient|hoyer) lift|\blift chair|\bramps?\b|\bhand controls|\bvehicle modification|\bmobility (?:devices?|aids?|scooter)|\bpower (?:chair|mobility)|\bpmd\b|\bglucose (?:meter|monitor)|\bblood pressure (?:monitor|cuff)|\bpulse oximeter|\bhot tub|\bspa\b|\bjacuzzi|\bmassage (?:chair|device|unit|tool)|\btheracane|\bfoam roller|\bhome exercise (?:kit|equipment)", DME),
    # -- a compounded or a topical product named by its form alone
    Rule(r"\bcompound(?:ed|ing)? (?:creams?|gels?|ointments?|lotions?|topicals?|medications?|analgesics?|products?|kits?|prescriptions?|rx)\b|\bcompounds?\b|\bin (?:a )?(?:cream|lotion|gel|ointment) base|\b(?:lipoderm|versapro|pentravan|versabase|ultraderm|pcca)\b|\btransdermal (?:creams?|compounds?)", TOPICAL_COMPOUNDS),
    Rule(r"\bmedical foods?|\bnutritional supplement\w*|\bdietary supplement\w*|\bsupplements?\b|\bvitamins?\b|\bprobiotic\w*|\bnutraceutical", NUTRITION),
    # -- the non-surgical spinal decompression (a traction modality)
    Rule(r"\b(?:non-?surgical |spinal )?decompression therapy|\bvax-?d\b|\bdrx ?\d*\b|\bidd therapy", MODALITY),
    # -- a consult with a surgeon (before the surgery it is about)
    Rule(rf"\b(?:consult\w*|referrals?|refer(?:red)?|evaluation|eval|(?:second )?opinion|follow[- ]?ups?|visits?|appointments?|exam\w*|re-?evaluation)\b{_NOT_AFTER}{{0,40}}?\b(?:surgeons?|neurosurg\w*|surgical|surgery|(?:joint )?replacement specialist)|\b(?:consult\w*|referrals?|refer(?:red)?|evaluation|eval|(?:second )?opinion)\b{_NOT_AFTER}{{0,40}}?\borthop(?:a)?edi(?:c|st)s?\b", SURGICAL_CONSULT),
    Rule(r"\b(?:(?:orthop\w*|spine|spinal|hand|general|plastic|podiatric|foot and ankle|vascular|joint|shoulder|knee|hip|upper extremity) )?(?:neuro)?surg(?:ical|eon|ery)s? (?:consult\w*|referrals?|evaluations?|eval|opinions?|follow[- ]?ups?|visits?|appointments?|re-?evaluation|assessment)|\borthop(?:a)?edi(?:c|st)s? (?:\w+ )?(?:consult\w*|referrals?|evaluations?|eval|(?:second )?opinions?|re-?evaluation)|\bsurgical (?:candidacy|options)|\b(?:joint )?replacement specialist|\bsurgeon\b", SURGICAL_CONSULT),
    # -- surgery: spine
    Rule(rf"\b{_JOINT} (?:\w+ )?(?:fusion|arthrodesis)", OPEN_SURGERY),
    Rule(r"\b(?:si|sacroiliac) joint (?:fusion|arthrodesis)|\bfusions?\b|\barthrodesis|\blaminectom\w*|\blaminotom\w*|\blaminoplast\w*|\bdiscectom\w*|\bdiskectom\w*|\bmicrodiscectom\w*|\bmicrodecompression|\bforaminotom\w*|\bforaminoplast\w*|\bcorpectom\w*|\bkyphoplast\w*|\bvertebroplast\w*|\bdis[ck] (?:replacement|arthroplasty)|\bartificial dis[ck]|\bacdf\b|\btlif\b|\bplif\b|\balif\b|\bxlif\b|\bspinal cord stimulat\w*|\bdorsal column stimulat\w*|\bscs\b|\bintrathecal (?:pump|drug|catheter)|\bpain pump|\bimplantable (?:drug|pump|pain)|\bneuroplast\w*|\badhesiolys\w*|\blysis of (?:epidural )?adhesions|\bepidural lysis|\bepidurolys\w*|\bracz\b|\bpercutaneous dis[ck]|\bnucleoplasty|\bidet\b|\bannuloplasty", SPINE),
    # -- surgery: arthroscopic
    Rule(r"\barthroscop\w*|\b(?:arthro)?scope\b|\bmeniscectom\w*|\bmenisc\w* repair|\bchondroplast\w*|\bsad\b|\bsubacromial decompression|\bacromioplast\w*|\blabral (?:repair|debridement|reconstruction|tear repair)|\blabrum repair|\bslap repair|\bbankart|\bacl (?:reconstruction|repair)|\bcruciate ligament reconstruction|\bdistal clavicle (?:excision|resection)|\bmumford|\bsynovectom\w*|\bloose body removal|\bmicrofracture|\btfcc (?:repair|debridement)", ARTHROSCOPIC),
    # -- surgery: open, and surgery not named further (weak: the decision may say arthroscopic or spinal)
    Rule(r"\barthroplast\w*|\b(?:total|partial|knee|hip|shoulder|joint|elbow|ankle|reverse|unicompartmental)\s+(?:\w+\s+)?replacement|\b(?:carpal|cubital|tarsal|radial) tunnel|\be?ctr\b|\btrigger (?:finger|thumb)|\bde ?quervain\w*|\bdupuytren\w*|\bganglion (?:cyst )?(?:excision|removal)|\bepicondyl\w* (?:release|debridement|repair)|\btendon (?:repair|transfer|release)|\bnerve (?:decompression|release|transposition|repair)|\bneurolysis|\borif\b|\bopen reduction|\binternal fixation|\bosteotom\w*|\btenotom\w*|\bfasciotom\w*|\bfasciectom\w*|\bamputation|\bmanipulation under (?:general )?anesthesia|\bmua\b|\bhardware removal|\bremoval of (?:hardware|implants?)", OPEN_SURGERY),
    # procedures done open or through the arthroscope: the decision may say which
    Rule(r"\brotator cuff|\btenodesis|\bcapsul\w+|\b\w+ectom(?:y|ies)\b|\b\w+plasty\b|\breconstruction\b|\btransposition\b|\bdebridement\b|\bexcision\b|\bresection\b|\bfixation\b|\bdecompression\b|\b\w+ repair\b|\brepair of\b|(?<!extended )(?<!sustained )(?<!delayed )(?<!immediate )(?<!controlled )(?<!modified )(?<!myofascial )(?<!active )(?<!prolonged )\brelease\b", OPEN_SURGERY, settles=False),
    Rule(r"\bsurgery\b|\bsurgeries\b|\bsurgical (?:procedure|intervention|treatment|repair|correction)|\boperative (?:treatment|repair|procedure|intervention)|\boperation\b|\bimplant(?:ation)?\b|\bremoval of\b|\bexploration\b", OPEN_SURGERY, weak=True),
    # -- injections
    Rule(r"\bgenicular|\bsi joint|\bsacroiliac", INJECTION),
    Rule(r"\bfacets?\b|\bmedial branch|\bradiofrequency|\brfa\b|\brhizotom\w*|\bneurotom\w*|\brf ablation|\bmbbs?\b|\bzygapophys\w*", FACET),
    Rule(r"\bepidural|\b(?:tf|c|l|t|il|ca)?esis?\b|\btransforaminal|\binterlaminar|\bcaudal\b|\bselective nerve root|\bsnrbs?\b|\btrigger points?|\btpis?\b|\bnerve blocks?|\bprp\b|\bplatelet|\bcortisone|\bsteroid shots?|\bshots?\b|\bbotox|\bbotulinum|\bprolotherapy|\bozone|\bstem cells?|\baspiration|\barthrocentesis|\bstellate|\bsympathetic|\boccipital nerve|\bhydrodissection|\bintra-?articular|\bintramuscular|\binfusions?\b|\bneurolytic", INJECTION),
    Rule(r"\bblocks?\b|\binjections?\b|\binjectables?\b|\binject\b", INJECTION, settles=False),
    # -- rehabilitation
    Rule(rf"\b{_ACUPUNCTURE}|\belectro-?{_ACUPUNCTURE}|\bacupressure", ACUPUNCTURE),
    Rule(r"\bmanual therapy|\bmanual medicine|\bmassage\w*|\bmyofascial|\bsoft tissue mobili[sz]ation|\bmobili[sz]ation\b|\btraction\b|\b(?:hot|cold|moist heat|ice|heat) (?:therapy|treatments?|modalit\w*)|\binfrared|\blasers?\b|\blllt\b|\bshock ?wave|\beswt\b|\blint\b|\blocali[sz]ed intense|\bbiofeedback|\bkinesio\w*|\bdiathermy|\bparaffin|\bwhirlpool|\bhydrotherapy|\bdry needling|\bactive release|\bgraston|\bcupping|\bcranio-?sacral|\brolfing|\bmodalit(?:y|ies)|\bpassive (?:therapy|modalit\w*)|\bvibration therapy|\breflexology|\bspeech therap\w*", MODALITY),
    Rule(r"\bchiro\w*|\bspinal (?:manipulat\w*|adjust\w*)|\bmanipulat\w*|\badjustments?\b|\bcmt\b|\bomt\b|\bosteopathic", CHIRO),
    Rule(rf"(?:\b(?:physical|occupational|aqua\w*|pool|water|hand|vestibular|cognitive rehabilitation|post-?op\w*|rehab\w*) ?therap\w*|\bphysiotherap\w*|\bphysio\b|\bpt\b|\bot\b|\bpt/ot\b|\btherapeutic (?:exercises?|activit\w*|procedures?)|\bneuromuscular re-?education|\bgait training|\bhome exercise (?:program|instruction)|\bhep\b|\bwork conditioning|\bphysical medicine|\brehab\w* (?:sessions?|visits?)|\bstrengthening|\bexercise (?:therapy|programs?|sessions?|class\w*|instruction)|\bself-?care training|\btherapy (?:sessions?|visits?)|\bpost-?op\w* (?:rehab\w*)){_NOT_BY_CHIRO}", PT),
    # -- programs
    Rule(r"\bfunctional restoration|\bfrp\b|\bwork hardening|\bhelp program|\bmultidisciplinary|\binterdisciplinary|\b(?:chronic )?pain (?:management )?(?:program|rehabilitation)|\bdetox\w*|\bweight (?:loss|management|reduction)|\bweight watchers|\bnutrisystem|\bmedifast|\brestoration program|\bwork (?:rehabilitation|reentry|re-entry) program|\binpatient (?:rehabilitation|rehab|pain)|\b(?:opioid|narcotic|medication) (?:taper\w*|wean\w*)|\bprograms?\b|\bbariatric", PROGRAMS),
    # -- psych services
    Rule(r"\bpsychotherap\w*|\bcognitive[- ]behavio\w*|\bcbt\b|\bcounsel\w*|\bpsycholog\w* (?:treatment|therapy|sessions?|visits?|intervention)|\bbehavio\w* (?:therapy|treatment|medicine|health|intervention)|\bhypnotherap\w*|\bhypnosis|\brelaxation (?:training|therapy)|\bgroup therapy|\bfamily therapy|\bmindfulness|\bstress management|\bdialectical|\bemdr\b|\btalk therapy|\bpain psychology|\bpsych\w* (?:sessions|visits)", PSYCH_THERAPY),
    Rule(rf"\bneuropsych\w*|\bpsycholog\w*\b{_NOT_A_PROGRAM}|\bpsychiatr\w*\b{_NOT_A_PROGRAM}|\bpsychometric|\bmental health|\bpsych (?:eval\w*|consult\w*|testing)|\bpsych\b|\bbehavioral (?:evaluation|assessment)|\bmmpi|\bpsychosocial", PSYCH_EVAL),
    # -- home health
    Rule(r"\bhome health|\bhome[- ]care|\bin[- ]?home (?:care|services?|assist\w*|support\w*|help\w*|nurs\w*|aides?)|\bhome (?:assistance|aides?|nursing|attendant|services|help|visits?|infusion|wound care)|\b(?:skilled )?nursing (?:care|visits?|services|assistance|evaluation|facility)|\bvisiting nurse|\brn visits?|\blvn\b|\bnurse (?:visits?|care)|\bwound care (?:nurs\w*|by (?:a )?nurse|visits?)|\bcare ?givers?|\bhousekeep\w*|\bhomemaker|\bchore\w*|\baides?\b|\battendant\w*|\bpersonal care|\bhha\b|\bihss\b|\bmeal preparation|\bskilled nursing", HOME_HEALTH),
    Rule(r"\btransport\w*|\btaxi|\bambulance|\bmileage\b|\btravel\b|\buber\b|\blyft\b|\bvan service", TRANSPORT),
    Rule(r"\bdental|\bdentist\w*|\bteeth\b|\btooth\b|\boral (?:appliance|splint|surgeon|surgery)|\btmj (?:splint|appliance)|\bocclusal|\bnight guard|\bmouth guard|\bcrowns?\b|\bdentures?|\bperiodont\w*|\bendodont\w*|\broot canal|\bprosthodont\w*", DENTAL),
    # -- evaluation and management
    # a visit or an evaluation with no specialty named does not settle: the rest of the decision may
    # name a psychological evaluation or a surgeon's consult
    Rule(rf"\b(?:consult\w*|evaluations?|eval|referrals?|refer|follow[- ]?ups?|office visits?|visits?|appointments?)\b{_THERAPY_AHEAD}{_NO_SPECIALTY}|\bre-?evaluation\b{_NO_SPECIALTY}|\bre-?assessment\b{_NO_SPECIALTY}|\bassessment\b{_NO_SPECIALTY}|\bexam(?:ination)?s?\b{_NO_SPECIALTY}", MEDICAL, settles=False),
    Rule(rf"\b(?:consult\w*|evaluations?|eval|referrals?|refer|follow[- ]?ups?|office visits?|visits?|appointments?)\b{_THERAPY_AHEAD}|\bre-?evaluation|\bre-?assessment|\bassessment\b|\bexam(?:ination)?s?\b|{_SPECIALTY}", MEDICAL),
    # -- a drug family named without a drug (weak: the decision may name the drug)
    *(Rule(pattern, row, weak=True) for pattern, row in CLASS_WORDS if row != TOPICAL_COMPOUNDS),
    Rule(r"\btopical\w*|\bcreams?\b|\bgels?\b|\bointments?\b|\blotions?\b|\bpatch(?:es)?\b|\bliniment|\bbalm\b|\broll-?on", TOPICAL_ANALGESICS, weak=True),
    Rule(r"\bmedications?\b|\bmeds\b|\bprescriptions?\b|\bpharmacy\b|\bdrugs?\b|\btablets?\b|\bcapsules?\b|\bpills?\b|\brefills?\b|\bkits?\b|\boral suspension", PHARMA, weak=True),
    Rule(r"\bequipment\b|\bdevices?\b|\bunits?\b", DMEPOS, weak=True),
    Rule(r"\bdiagnostic\b|\btesting\b|\btests?\b|\bstud(?:y|ies)\b", ("Diagnostic Testing", None, None), weak=True),
]  # fmt: skip


def _combined(weak: bool) -> re.Pattern[str]:
    """One alternation of the rules; every rule's match starts at a word's start, so the search
    tries the rules there only (a few times faster than at every character)."""
    rules = "|".join(f"(?P<r{i}>{r.pattern})" for i, r in enumerate(RULES) if r.weak == weak)
    return re.compile(rf"\b(?=[a-z0-9])(?:{rules})")


_STRONG, _WEAK = _combined(False), _combined(True)


class Match(NamedTuple):
    start: int
    rule: Rule
    end: int = 0  # where the rule's words end


def first_rule(low: str) -> Match | None:
    """The rule whose match starts first in ``low`` (a lower-cased request), a weak rule only when no
    other matches; None when none matches."""
    m = _STRONG.search(low) or _WEAK.search(low)
    if m is None or m.lastgroup is None:
        return None
    return Match(m.start(), RULES[int(m.lastgroup[1:])], m.end())
