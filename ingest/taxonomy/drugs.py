"""Drug dictionary: brand and generic names -> canonical drug class.

Each line of a class block is ``generic: Brand, Brand`` (brands optional).
Lookups are by lower-cased name; ``lookup_drug`` also tolerates common
misspellings (explicit table, then a cached fuzzy match).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

_DATA: dict[str, str] = {
    "Opioids": """
        hydrocodone: Norco, Vicodin, Lortab, Hysingla, Zohydro, Lorcet, Xodol, Anexsia
        hydrocodone/acetaminophen: Hydrocodone/APAP, Hydrocodone-APAP
        oxycodone: OxyContin, Roxicodone, Oxecta, Xtampza
        oxycodone/acetaminophen: Percocet, Endocet, Roxicet, Oxycodone/APAP
        tramadol: Ultram, Ultram ER, Ryzolt, ConZip
        tramadol/acetaminophen: Ultracet
        tapentadol: Nucynta, Nucynta ER
        morphine: MS Contin, Kadian, Avinza, Embeda, MSIR
        hydromorphone: Dilaudid, Exalgo
        oxymorphone: Opana, Opana ER
        fentanyl: Duragesic, Fentora, Actiq, Subsys
        methadone: Dolophine
        buprenorphine: Butrans, Belbuca, Subutex
        buprenorphine/naloxone: Suboxone, Zubsolv
        codeine: Tylenol with Codeine, Tylenol #3, Tylenol #4
        levorphanol
        meperidine: Demerol
        pentazocine: Talwin
        butorphanol: Stadol
    """,
    "Opioid Antagonists": """
        naloxone: Narcan, Evzio
        naltrexone: Revia, Vivitrol
        methylnaltrexone: Relistor
        naloxegol: Movantik
    """,
    "Muscle Relaxants": """
        cyclobenzaprine: Flexeril, Fexmid, Amrix
        carisoprodol: Soma
        tizanidine: Zanaflex
        baclofen: Lioresal
        methocarbamol: Robaxin
        metaxalone: Skelaxin
        orphenadrine: Norflex
        chlorzoxazone: Parafon Forte, Lorzone
        dantrolene: Dantrium
    """,
    "Anti-epilepsy Drugs": """
        gabapentin: Neurontin, Gralise, Horizant
        pregabalin: Lyrica
        topiramate: Topamax
        carbamazepine: Tegretol
        oxcarbazepine: Trileptal
        lamotrigine: Lamictal
        levetiracetam: Keppra
        divalproex: Depakote
        zonisamide: Zonegran
        lacosamide: Vimpat
    """,
    "NSAIDs": """
        naproxen: Anaprox, Anaprox DS, Naprosyn, Aleve, Naprelan
        ibuprofen: Motrin, Advil
        meloxicam: Mobic
        celecoxib: Celebrex
        diclofenac: Voltaren, Voltaren XR, Cataflam, Arthrotec, Zorvolex
        etodolac: Lodine
        nabumetone: Relafen
        ketorolac: Toradol
        indomethacin: Indocin
        ketoprofen
        flurbiprofen
        piroxicam: Feldene
        oxaprozin: Daypro
        fenoprofen: Nalfon
        sulindac: Clinoril
        diflunisal
        aspirin
        ibuprofen/famotidine: Duexis
        naproxen/esomeprazole: Vimovo
    """,
    "Proton Pump Inhibitors": """
        omeprazole: Prilosec
        pantoprazole: Protonix
        esomeprazole: Nexium
        lansoprazole: Prevacid
        rabeprazole: Aciphex
        dexlansoprazole: Dexilant
    """,
    "H2 Blockers": """
        ranitidine: Zantac
        famotidine: Pepcid
        cimetidine: Tagamet
    """,
    "GI Agents": """
        docusate: Colace
        senna: Senokot, Senna-S, Sennosides
        docusate/senna: Peri-Colace
        lactulose
        polyethylene glycol: MiraLAX
        lubiprostone: Amitiza
        linaclotide: Linzess
        bisacodyl: Dulcolax
        sucralfate: Carafate
        dicyclomine: Bentyl
        misoprostol: Cytotec
        simethicone: Gas-X
    """,
    "Antiemetics": """
        ondansetron: Zofran
        promethazine: Phenergan
        metoclopramide: Reglan
        prochlorperazine: Compazine
        meclizine: Antivert
    """,
    "Sedative-Hypnotics": """
        zolpidem: Ambien, Ambien CR, Intermezzo, Edluar
        eszopiclone: Lunesta
        zaleplon: Sonata
        ramelteon: Rozerem
        suvorexant: Belsomra
        doxepin (low dose): Silenor
    """,
    "Benzodiazepines": """
        alprazolam: Xanax
        diazepam: Valium
        clonazepam: Klonopin
        lorazepam: Ativan
        temazepam: Restoril
        chlordiazepoxide: Librium
    """,
    "Antianxiety Agents": """
        buspirone: Buspar
        hydroxyzine: Vistaril, Atarax
    """,
    "Antidepressants": """
        duloxetine: Cymbalta
        amitriptyline: Elavil
        nortriptyline: Pamelor
        trazodone: Desyrel, Oleptro
        sertraline: Zoloft
        fluoxetine: Prozac
        paroxetine: Paxil
        citalopram: Celexa
        escitalopram: Lexapro
        venlafaxine: Effexor, Effexor XR
        desvenlafaxine: Pristiq
        bupropion: Wellbutrin, Zyban
        mirtazapine: Remeron
        milnacipran: Savella
        doxepin
        desipramine: Norpramin
        imipramine: Tofranil
        vortioxetine: Trintellix, Brintellix
    """,
    "Atypical Antipsychotics": """
        quetiapine: Seroquel
        aripiprazole: Abilify
        olanzapine: Zyprexa
        risperidone: Risperdal
        ziprasidone: Geodon
        lurasidone: Latuda
    """,
    "Topical Analgesics": """
        lidocaine: Lidoderm, Lidopro, Xylocaine
        Terocin
        capsaicin: Zostrix, Qutenza
        methyl salicylate: Bengay, Icy Hot
        menthol: Biofreeze
        camphor
        bupivacaine: Marcaine
        ketamine cream
        diclofenac gel: Voltaren Gel, Pennsaid, Flector, Solaraze
        Dendracin
        Mentherm
        Medrox
        Menthoderm
        Flurbi cream: Flurbiprofen cream
    """,
    "Topical Compounds": """
        compounded topical cream: Compound cream, Compounded cream, Compounded topical
        Flurflex
        Keratek
        Cyclophene
        Synapryn
        Tabradol
        Deprizine
        Dicopanol
        Fanatrex
        Capsolin
        Gabacyclotram
        Ultraflex
    """,
    "Nutritional Products": """
        Theramine
        Sentra: Sentra AM, Sentra PM
        Trepadone
        Gabadone
        GABAdone
        Appetrex
        Somnicin
        vitamin D: Vitamin D3, cholecalciferol
        vitamin B12: cyanocobalamin
        glucosamine/chondroitin: Glucosamine, Cosamin DS
        omega-3 fatty acids: Fish oil
        melatonin
    """,
    "Adrenal Corticosteroids": """
        methylprednisolone: Medrol, Medrol Dosepak, Depo-Medrol, Solu-Medrol
        prednisone: Deltasone
        dexamethasone: Decadron
        triamcinolone: Kenalog
        betamethasone: Celestone
        prednisolone
    """,
    "Miscellaneous Analgesics": """
        acetaminophen: Tylenol, APAP
        butalbital/acetaminophen/caffeine: Fioricet, Esgic
        ziconotide: Prialt
    """,
    "Barbiturates": """
        butalbital
        phenobarbital
        butalbital/aspirin/caffeine: Fiorinal
    """,
    "Antimigraine Agents": """
        sumatriptan: Imitrex
        rizatriptan: Maxalt
        zolmitriptan: Zomig
        eletriptan: Relpax
        onabotulinumtoxinA: Botox
    """,
    "Antihistamines": """
        diphenhydramine: Benadryl
        cetirizine: Zyrtec
        loratadine: Claritin
        cyproheptadine
    """,
    "Antihypertensives": """
        lisinopril: Zestril, Prinivil
        losartan: Cozaar
        hydrochlorothiazide: HCTZ, Microzide
        clonidine: Catapres
        valsartan: Diovan
        furosemide: Lasix
    """,
    "Beta Blockers": """
        metoprolol: Lopressor, Toprol XL
        propranolol: Inderal
        atenolol: Tenormin
        carvedilol: Coreg
    """,
    "Calcium Channel Blockers": """
        amlodipine: Norvasc
        diltiazem: Cardizem
        verapamil: Calan
        nifedipine: Procardia
    """,
    "Alpha Blockers": """
        tamsulosin: Flomax
        prazosin: Minipress
        doxazosin: Cardura
        terazosin: Hytrin
    """,
    "Statins": """
        atorvastatin: Lipitor
        simvastatin: Zocor
        rosuvastatin: Crestor
        pravastatin: Pravachol
    """,
    "Fibric Acid Derivatives": """
        fenofibrate: Tricor
        gemfibrozil: Lopid
    """,
    "Antidiabetics": """
        metformin: Glucophage
        glipizide: Glucotrol
        insulin glargine: Lantus
        sitagliptin: Januvia
    """,
    "Anticoagulants": """
        warfarin: Coumadin
        apixaban: Eliquis
        rivaroxaban: Xarelto
        enoxaparin: Lovenox
    """,
    "Anti-infectives": """
        cephalexin: Keflex
        ciprofloxacin: Cipro
        amoxicillin: Amoxil
        doxycycline
        sulfamethoxazole/trimethoprim: Bactrim
        clindamycin: Cleocin
    """,
    "Asthma Medications": """
        albuterol: ProAir, Ventolin, Proventil
        fluticasone/salmeterol: Advair
        montelukast: Singulair
        budesonide/formoterol: Symbicort
    """,
    "Impotence Agents": """
        sildenafil: Viagra
        tadalafil: Cialis
        vardenafil: Levitra
    """,
    "Hormones": """
        levothyroxine: Synthroid
        estradiol: Estrace
        medroxyprogesterone: Provera
    """,
    "Androgens & Anabolic Steroids": """
        testosterone: AndroGel, Testim, Depo-Testosterone
    """,
    "Bisphosphonates": """
        alendronate: Fosamax
        ibandronate: Boniva
        risedronate: Actonel
        zoledronic acid: Reclast
    """,
    "Cannabinoids": """
        dronabinol: Marinol
        nabilone: Cesamet
        cannabidiol: CBD oil
    """,
    "Dopamine Agonists": """
        pramipexole: Mirapex
        ropinirole: Requip
        carbidopa/levodopa: Sinemet
    """,
    "TNF Modifiers": """
        adalimumab: Humira
        etanercept: Enbrel
        infliximab: Remicade
    """,
    "Viscosupplementation": """
        hyaluronic acid: Synvisc, Synvisc-One, Euflexxa, Orthovisc, Supartz, Hyalgan, Monovisc, Gel-One
    """,
    "Injectable Medications": """
        vitamin B12 injection: B12 injection
        Toradol injection: Ketorolac injection
    """,
}

# Common misspellings seen in requests -> dictionary key.
MISSPELLINGS: dict[str, str] = {
    "flexaril": "flexeril",
    "flexiril": "flexeril",
    "cyclobenzeprine": "cyclobenzaprine",
    "cyclobenzaprin": "cyclobenzaprine",
    "hydrocodon": "hydrocodone",
    "hydrocodone-apap": "hydrocodone/acetaminophen",
    "hydrocodone/apap": "hydrocodone/acetaminophen",
    "oxycontine": "oxycontin",
    "oxycodon": "oxycodone",
    "neurotin": "neurontin",
    "gabapentine": "gabapentin",
    "gabapenten": "gabapentin",
    "lyrika": "lyrica",
    "pregabaline": "pregabalin",
    "tramadole": "tramadol",
    "ultram er": "ultram er",
    "lidoderm patches": "lidoderm",
    "lidocaine patches": "lidocaine",
    "terocin patches": "terocin",
    "prilosec otc": "prilosec",
    "omeprazol": "omeprazole",
    "pantoprazol": "pantoprazole",
    "tizanadine": "tizanidine",
    "zanaflex": "zanaflex",
    "ambian": "ambien",
    "zolpidam": "zolpidem",
    "xanex": "xanax",
    "klonapin": "klonopin",
    "cymbalt": "cymbalta",
    "celebrex": "celebrex",
    "naproxin": "naproxen",
    "naprosen": "naproxen",
    "anaprox ds": "anaprox ds",
    "motrin ib": "motrin",
    "mobik": "mobic",
    "meloxicam": "meloxicam",
    "duragesic patch": "duragesic",
    "fentanyl patch": "fentanyl",
    "butrans patch": "butrans",
    "nucynta er": "nucynta er",
    "suboxon": "suboxone",
    "senokot-s": "senna-s",
    "theramine": "theramine",
    "voltaren gel 1%": "voltaren gel",
    "soma": "soma",
    "carisoprodal": "carisoprodol",
    "baclofin": "baclofen",
    "trazadone": "trazodone",
    "amitryptiline": "amitriptyline",
    "amitriptyline": "amitriptyline",
}


@dataclass(frozen=True, slots=True)
class Drug:
    name: str  # display name, as usually spelled ("Norco", "hydrocodone")
    generic: str
    drug_class: str
    is_brand: bool


def _build() -> dict[str, Drug]:
    table: dict[str, Drug] = {}
    for drug_class, block in _DATA.items():
        for line in block.strip().splitlines():
            line = line.strip()
            if not line:
                continue
            generic, _, brands = line.partition(":")
            generic = generic.strip()
            display = generic[:1].upper() + generic[1:]
            table.setdefault(generic.lower(), Drug(display, generic, drug_class, False))
            for brand in brands.split(","):
                brand = brand.strip()
                if brand:
                    table.setdefault(brand.lower(), Drug(brand, generic, drug_class, True))
    for wrong, right in MISSPELLINGS.items():
        if right in table:
            table.setdefault(wrong, table[right])
    return table


DRUGS: dict[str, Drug] = _build()
MAX_WORDS: int = max(len(key.split()) for key in DRUGS)
_FUZZY_KEYS: dict[str, list[str]] = {}
for _key in DRUGS:
    if " " not in _key and len(_key) >= 5:
        _FUZZY_KEYS.setdefault(_key[0], []).append(_key)


def lookup_drug(name: str) -> Drug | None:
    """Exact (case-insensitive) lookup of a drug name, misspellings included."""
    return DRUGS.get(name.strip().lower())


@lru_cache(maxsize=65536)
def fuzzy_drug(word: str) -> Drug | None:
    """Spelling-tolerant lookup of one word (>= 6 letters, same first letter)."""
    word = word.lower()
    hit = DRUGS.get(word)
    if hit is not None or len(word) < 6:
        return hit
    candidates = _FUZZY_KEYS.get(word[0], [])
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.86)
    return DRUGS[match[0]] if match else None
